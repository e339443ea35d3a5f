import { randomUUID } from 'node:crypto';
import {
  InvoiceDrafted,
  InvoiceVoided,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
} from '@seminarwerk/contracts';
import type { Invoice } from '@seminarwerk/contracts/api';
import { eventually, municipalityPrincipal } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backOffice,
  cancelled,
  confirmed,
  customer,
  draftOf,
  type InvoicingUnderTest,
  invoicesOf,
  invoicesWhere,
  publish,
  rescheduled,
  sentinelOn,
  startInvoicingUnderTest,
  substituted,
} from './support.ts';

// Positions and drafts: what registration's events do to them before anything is issued.

let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
});
afterAll(() => invoicing?.stop());

async function positionStreamLength(registrationId: string): Promise<number> {
  const { rows } = await invoicing.db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [
    `registration-invoice-${registrationId}`,
  ]);
  return rows[0].n;
}

describe('a confirmed registration', () => {
  it('opens a draft of its own for a per-registration customer, seen by the back office and the billed municipality only', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg, { purchaseOrderReference: 'AZ 11-04/2027' });
    const event = await publish(invoicing, RegistrationConfirmed, registration);

    const draft = await draftOf(invoicing, registration.registrationId);
    expect(draft).toMatchObject({
      number: null,
      type: 'invoice',
      status: 'draft',
      municipalityId: oldenburg,
      billing: 'per-registration',
      period: null,
      buyer: { name: 'Stadt Oldenburg (Oldb)', leitwegId: '03403000-57', supplierNumber: 'K-100423' },
      purchaseOrderReference: 'AZ 11-04/2027',
      totals: { netCents: 28_500, vatCents: 0, grossCents: 28_500, paidCents: 0, outstandingCents: 0 },
      lines: [
        {
          registrationId: registration.registrationId,
          offeringId: registration.offeringId,
          kind: 'fee',
          description: 'Teilnahmegebühr: Vergaberecht kompakt',
          participant: `Grete ${registration.participant.lastName}`,
          serviceDate: '2027-03-01',
          feePercent: 100,
          netCents: 28_500,
          vat: 'exempt-4-22a',
          vatRatePercent: 0,
          purchaseOrderReference: 'AZ 11-04/2027',
        },
      ],
    });
    const own = await invoicesWhere(
      invoicing,
      `registrationId=${registration.registrationId}`,
      invoicing.as(municipalityPrincipal(oldenburg)),
    );
    expect(own.map((i) => i.id)).toEqual([draft.id]);
    expect(
      await invoicesWhere(invoicing, `registrationId=${registration.registrationId}`, invoicing.as(municipalityPrincipal('delmenhorst'))),
    ).toEqual([]);
    // Asking for another municipality's invoices does not get around the principal.
    expect(await invoicesWhere(invoicing, `municipalityId=${oldenburg}`, invoicing.as(municipalityPrincipal('delmenhorst')))).toEqual([]);
    expect((await invoicing.as(municipalityPrincipal('delmenhorst')).get(`/invoices/${draft.id}`)).status).toBe(404);

    const [drafted] = await invoicing.events.of(draft.id);
    expect(drafted).toMatchObject({
      type: InvoiceDrafted.type,
      subject: draft.id,
      source: '/seminarwerk/invoicing',
      causationid: event.id,
      correlationid: event.id,
    });
    expect(InvoiceDrafted.data.parse(drafted?.data)).toEqual({
      invoiceId: draft.id,
      registrationId: registration.registrationId,
      offeringId: registration.offeringId,
      municipalityId: oldenburg,
      total: { amountCents: 28_500, currency: 'EUR' },
      vat: 'exempt-4-22a',
    });
  });

  it('opens one position only, for a redelivered confirmation or the same registration confirmed again', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg);
    const event = await publish(invoicing, RegistrationConfirmed, registration);
    const draft = await draftOf(invoicing, registration.registrationId);

    await publish(invoicing, RegistrationConfirmed, registration, event.id); // the same message again
    await publish(invoicing, RegistrationConfirmed, registration); // a new event about the same registration
    await sentinelOn(invoicing, oldenburg, registration.offeringId);

    expect((await invoicesWhere(invoicing, `registrationId=${registration.registrationId}`)).map((i) => i.id)).toEqual([draft.id]);
    expect(await positionStreamLength(registration.registrationId)).toBe(1);
    const { rows } = await invoicing.db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->'data'->>'registrationId' = $1`, [
      registration.registrationId,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('bills a municipality that is no customer yet per registration', async () => {
    const registration = confirmed(`gemeinde-${randomUUID().slice(0, 8)}`);
    await publish(invoicing, RegistrationConfirmed, registration);
    expect(await draftOf(invoicing, registration.registrationId)).toMatchObject({ billing: 'per-registration', buyer: null });
  });

  it('opens nothing for a booking without a municipality, and nothing happens when it is cancelled', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg, { municipalityId: null, bookedBy: { kind: 'back-office', actor: 'key:staff' } });
    const confirmation = await publish(invoicing, RegistrationConfirmed, registration);
    const cancellation = await publish(invoicing, RegistrationCancelled, cancelled(registration));
    await sentinelOn(invoicing, oldenburg, registration.offeringId);

    expect(await invoicesWhere(invoicing, `registrationId=${registration.registrationId}`)).toEqual([]);
    expect(await positionStreamLength(registration.registrationId)).toBe(0);
    // Consumed and handled (not skipped, not refused, not dead-lettered): there was nothing to bill.
    const { rows } = await invoicing.db.query(`SELECT outcome FROM processed_messages WHERE event_id = ANY($1)`, [
      [confirmation.id, cancellation.id],
    ]);
    expect(rows).toEqual([{ outcome: 'handled' }, { outcome: 'handled' }]);
  });
});

describe('a cancellation before invoicing', () => {
  it('removes a free one: its draft is voided, and drafted and voided are published in that order', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg);
    await publish(invoicing, RegistrationConfirmed, registration);
    const draft = await draftOf(invoicing, registration.registrationId);

    await publish(invoicing, RegistrationCancelled, cancelled(registration));

    const [voided] = await invoicesOf(invoicing, registration.registrationId, (i) => i[0]?.status === 'voided');
    expect(voided).toMatchObject({ id: draft.id, status: 'voided' });
    const events = await invoicing.events.of(draft.id, (e) => e.length >= 2);
    expect(events.map((e) => e.type)).toEqual([InvoiceDrafted.type, InvoiceVoided.type]);
    expect(InvoiceVoided.data.parse(events[1]?.data)).toEqual({
      invoiceId: draft.id,
      registrationId: registration.registrationId,
      reason: 'registration cancelled',
    });
  });

  it('is free when the institute cancelled, whatever the classification', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg);
    await publish(invoicing, RegistrationConfirmed, registration);
    await draftOf(invoicing, registration.registrationId);
    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'late', 50, 'institute'));
    await invoicesOf(invoicing, registration.registrationId, (i) => i[0]?.status === 'voided');
  });

  it('turns a late one into a cancellation fee at the terms’ percent, on the same draft', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg, { fee: { amountCents: 34_000, currency: 'EUR' } });
    await publish(invoicing, RegistrationConfirmed, registration);
    const draft = await draftOf(invoicing, registration.registrationId);

    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'late', 50));

    const fee = await draftOf(invoicing, registration.registrationId, (i) => i.lines[0]?.kind === 'cancellation-fee');
    expect(fee).toMatchObject({ id: draft.id, totals: { netCents: 17_000, grossCents: 17_000 } });
    expect(fee.lines).toMatchObject([
      {
        kind: 'cancellation-fee',
        feePercent: 50,
        netCents: 17_000,
        description: 'Stornogebühr (50 %): Vergaberecht kompakt',
        vat: 'exempt-4-22a',
      },
    ]);
  });

  it('turns a no-show into a no-show fee, taxed like its seminar', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg, { fee: { amountCents: 19_000, currency: 'EUR' }, vat: 'standard-19' });
    await publish(invoicing, RegistrationConfirmed, registration);
    await draftOf(invoicing, registration.registrationId);

    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'no-show', 100));

    const fee = await draftOf(invoicing, registration.registrationId, (i) => i.lines[0]?.kind === 'no-show-fee');
    expect(fee.lines).toMatchObject([{ kind: 'no-show-fee', feePercent: 100, netCents: 19_000, vat: 'standard-19', vatRatePercent: 19 }]);
    expect(fee.totals).toMatchObject({ netCents: 19_000, vatCents: 3_610, grossCents: 22_610 });
  });
});

describe('changes of a registration before invoicing', () => {
  it('puts the substitute’s name on the line', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg);
    await publish(invoicing, RegistrationConfirmed, registration);
    await draftOf(invoicing, registration.registrationId);

    await publish(invoicing, RegistrationSubstituted, substituted(registration, 'Ömer', 'Yıldız'));

    await draftOf(invoicing, registration.registrationId, (i) => i.lines[0]?.participant === 'Ömer Yıldız');
  });

  it('collects a collective customer’s positions per month, and moves one whose date moves to another month', async () => {
    const ammerland = await customer(invoicing, { billing: 'collective-monthly', name: 'Landkreis Ammerland' });
    const offeringId = randomUUID();
    const anna = confirmed(ammerland, { offeringId, day: '2027-05-04', lastName: 'Anna' });
    const bert = confirmed(ammerland, { offeringId, day: '2027-05-04', lastName: 'Bert' });
    const cleo = confirmed(ammerland, { day: '2027-06-10', lastName: 'Cleo' });
    for (const r of [anna, bert, cleo]) await publish(invoicing, RegistrationConfirmed, r);

    const may = await draftOf(invoicing, anna.registrationId);
    expect(await draftOf(invoicing, bert.registrationId)).toMatchObject({ id: may.id });
    const june = await draftOf(invoicing, cleo.registrationId);
    expect(june.id).not.toBe(may.id);
    expect(await draftOf(invoicing, anna.registrationId, (i) => i.lines.length === 2)).toMatchObject({
      billing: 'collective-monthly',
      period: '2027-05',
    });
    expect(june).toMatchObject({ period: '2027-06', lines: [{ registrationId: cleo.registrationId }] });

    // Bert's date moves to June: his line leaves May's draft and joins June's.
    await publish(invoicing, RegistrationRescheduled, rescheduled(bert, '2027-06-01'));
    const juneAfter = await draftOf(invoicing, bert.registrationId, (i) => i.id === june.id && i.lines.length === 2);
    expect(juneAfter.lines.map((l) => [l.participant, l.serviceDate])).toEqual([
      [`Grete ${bert.participant.lastName}`, '2027-06-01'],
      [`Grete ${cleo.participant.lastName}`, '2027-06-10'],
    ]);
    expect((await backOffice(invoicing).get<Invoice>(`/invoices/${may.id}`)).body.lines.map((l) => l.registrationId)).toEqual([
      anna.registrationId,
    ]);

    // Anna cancels free: May's draft lost its last position and is voided.
    await publish(invoicing, RegistrationCancelled, cancelled(anna));
    await eventually(async () => expect((await backOffice(invoicing).get<Invoice>(`/invoices/${may.id}`)).body.status).toBe('voided'));
  });
});

describe('customers', () => {
  const oldenburg = {
    id: 'oldenburg',
    name: 'Stadt Oldenburg',
    invoiceEmail: 'rechnungen@oldenburg.example',
    leitwegId: '03403000-57',
    billingAddress: { department: 'Fachdienst Personal', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg' },
  };

  it('stores a customer with its billing mode, payment terms and supplier number (defaults: per registration, 30 days)', async () => {
    const response = await backOffice(invoicing).put('/customers', oldenburg);
    expect(response.status).toBe(200);
    const expected = {
      ...oldenburg,
      billingAddress: { ...oldenburg.billingAddress, country: 'DE' },
      billing: 'per-registration',
      paymentTermsDays: 30,
      supplierNumber: null,
    };
    expect(response.body).toMatchObject(expected);
    const changed = await backOffice(invoicing).put('/customers', {
      ...oldenburg,
      billing: 'collective-monthly',
      paymentTermsDays: 14,
      supplierNumber: 'K-1',
    });
    expect(changed.body).toMatchObject({ billing: 'collective-monthly', paymentTermsDays: 14, supplierNumber: 'K-1' });
    expect((await backOffice(invoicing).get('/customers/oldenburg')).body).toEqual(changed.body);
    expect((await backOffice(invoicing).get('/customers/nowhere')).status).toBe(404);
  });

  it('refuses a Leitweg-ID with wrong check digits with a problem naming the field, and stores nothing', async () => {
    const id = `gemeinde-${randomUUID().slice(0, 8)}`;
    const response = await backOffice(invoicing).put('/customers', { ...oldenburg, id, leitwegId: '03403000-58' });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      type: 'https://seminarwerk.example/problems/invalid-leitweg-id',
      status: 400,
      errors: [{ field: 'leitwegId', detail: 'invalid check digits or format' }],
    });
    const { rows } = await invoicing.db.query('SELECT id FROM customers WHERE id = $1', [id]);
    expect(rows).toEqual([]);
  });

  it('lets only the back office read and change customers', async () => {
    expect((await invoicing.as(municipalityPrincipal('oldenburg')).put('/customers', oldenburg)).status).toBe(403);
    expect((await invoicing.as(municipalityPrincipal('oldenburg')).get('/customers/oldenburg')).status).toBe(403);
  });
});
