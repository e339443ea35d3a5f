import { randomUUID } from 'node:crypto';
import { type DataOf, InvoiceDrafted, InvoiceVoided, RegistrationCancelled, RegistrationConfirmed, Topics } from '@seminarwerk/contracts';
import type { Invoice } from '@seminarwerk/contracts/api';
import { cloudEvent } from '@seminarwerk/messaging';
import { backOfficePrincipal, eventually, municipalityPrincipal, type ServiceUnderTest, startServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startInvoicing } from '../src/main.ts';

type Confirmed = DataOf<typeof RegistrationConfirmed>;
type Cancelled = DataOf<typeof RegistrationCancelled>;

let invoicing: ServiceUnderTest;

beforeAll(async () => {
  invoicing = await startServiceUnderTest('invoicing', (env) => startInvoicing(loadConfig({ ...env })), { topics: [Topics.invoicing] });
});
afterAll(() => invoicing?.stop());

const backOffice = () => invoicing.as(backOfficePrincipal());

/** A confirmation as registration publishes it, for a registration (and by default an offering) of its own. */
function confirmed(overrides: Partial<Confirmed> = {}): Confirmed {
  return RegistrationConfirmed.data.parse({
    registrationId: randomUUID(),
    offeringId: randomUUID(),
    municipalityId: 'oldenburg',
    participant: { firstName: 'Grete', lastName: 'Meyer', email: 'grete.meyer@oldenburg.example' },
    bookedBy: { kind: 'municipality', municipalityId: 'oldenburg' },
    offering: {
      seminarId: randomUUID(),
      title: 'Vergaberecht kompakt',
      startsAt: '2027-03-01T08:00:00.000Z',
      endsAt: '2027-03-01T15:30:00.000Z',
      venue: 'Studieninstitut, Raum 3',
    },
    fee: { amountCents: 28_500, currency: 'EUR' },
    vat: 'exempt-4-22a',
    via: 'direct',
    confirmedAt: new Date().toISOString(),
    ...overrides,
  });
}

function cancelled(registration: Confirmed): Cancelled {
  const { registrationId, offeringId, municipalityId, participant, bookedBy, offering } = registration;
  return RegistrationCancelled.data.parse({
    ...{ registrationId, offeringId, municipalityId, participant, bookedBy, offering },
    previousStatus: 'confirmed',
    reason: 'participant',
    classification: { kind: 'free', feePercent: 0 },
    cancelledAt: new Date().toISOString(),
  });
}

/** Publishes on the registration topic as registration does: keyed by the offering, so its events stay in order. */
async function publish<D extends { registrationId: string; offeringId: string }>(
  contract: { type: string },
  data: D,
  id: string = randomUUID(),
) {
  const event = cloudEvent({
    id,
    type: contract.type,
    source: '/seminarwerk/registration',
    subject: data.registrationId,
    time: new Date(),
    data,
  });
  await invoicing.publish([{ topic: Topics.registration, key: data.offeringId, event }]);
  return event;
}

async function invoicesOf(registrationId: string, client = backOffice()): Promise<Invoice[]> {
  const response = await client.get<{ items: Invoice[] }>(`/invoices?registrationId=${registrationId}`);
  expect(response.status).toBe(200);
  return response.body.items;
}

/** The registration's invoice once it is there, in the state `until` asks for. */
const invoiceOf = (registrationId: string, until: (invoice: Invoice) => boolean = () => true) =>
  eventually(async () => {
    const [invoice, ...more] = await invoicesOf(registrationId);
    expect(more).toEqual([]);
    expect(invoice && until(invoice)).toBe(true);
    return invoice as Invoice;
  });

/**
 * Shows that everything published on `offeringId` before it has been consumed: a confirmation on the same
 * key, in the same partition, whose invoice appears only after the events before it were handled.
 */
async function sentinelOn(offeringId: string) {
  const sentinel = confirmed({ offeringId });
  await publish(RegistrationConfirmed, sentinel);
  await invoiceOf(sentinel.registrationId);
}

async function streamLength(registrationId: string): Promise<number> {
  const { rows } = await invoicing.db.query('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [
    `registration-invoice-${registrationId}`,
  ]);
  return rows[0].n;
}

describe('invoice drafts', () => {
  it('drafts one invoice for a confirmed registration, seen by the back office and the billed municipality only', async () => {
    const registration = confirmed();
    const event = await publish(RegistrationConfirmed, registration);

    const invoice = await invoiceOf(registration.registrationId);
    expect(invoice).toMatchObject({
      registrationId: registration.registrationId,
      offeringId: registration.offeringId,
      municipalityId: 'oldenburg',
      status: 'draft',
      total: { amountCents: 28_500, currency: 'EUR' },
      vat: 'exempt-4-22a',
    });
    expect(await invoicesOf(registration.registrationId, invoicing.as(municipalityPrincipal('oldenburg')))).toEqual([invoice]);
    expect(await invoicesOf(registration.registrationId, invoicing.as(municipalityPrincipal('delmenhorst')))).toEqual([]);
    // Asking for another municipality's invoices does not get around the principal.
    const sneaky = await invoicing.as(municipalityPrincipal('delmenhorst')).get<{ items: Invoice[] }>('/invoices?municipalityId=oldenburg');
    expect(sneaky.body.items).toEqual([]);

    const [drafted] = await invoicing.events.of(invoice.id);
    expect(drafted).toMatchObject({ type: InvoiceDrafted.type, subject: invoice.id, source: '/seminarwerk/invoicing' });
    expect(InvoiceDrafted.data.parse(drafted?.data)).toEqual({
      invoiceId: invoice.id,
      registrationId: registration.registrationId,
      offeringId: registration.offeringId,
      municipalityId: 'oldenburg',
      total: { amountCents: 28_500, currency: 'EUR' },
      vat: 'exempt-4-22a',
    });
    // Caused by the registration event, in its trace (it carried no correlation id of its own).
    expect(drafted).toMatchObject({ causationid: event.id, correlationid: event.id });
  });

  it('drafts nothing more for a redelivered confirmation, nor for the same registration confirmed again', async () => {
    const registration = confirmed();
    const event = await publish(RegistrationConfirmed, registration);
    const invoice = await invoiceOf(registration.registrationId);

    await publish(RegistrationConfirmed, registration, event.id); // the same message again
    const again = await publish(RegistrationConfirmed, registration); // a new event about the same registration
    await sentinelOn(registration.offeringId);

    expect(await invoicesOf(registration.registrationId)).toEqual([invoice]);
    expect(await streamLength(registration.registrationId)).toBe(1);
    const { rows } = await invoicing.db.query(
      `SELECT event_id, outcome FROM processed_messages WHERE event_id = ANY($1) ORDER BY processed_at`,
      [[event.id, again.id]],
    );
    expect(rows).toEqual([
      { event_id: event.id, outcome: 'handled' },
      { event_id: again.id, outcome: 'handled' },
    ]);
    const published = await invoicing.db.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->'data'->>'registrationId' = $1`, [
      registration.registrationId,
    ]);
    expect(published.rows[0].n).toBe(1);
  });

  it('voids the draft when the registration is cancelled, and publishes drafted and voided in that order', async () => {
    const registration = confirmed();
    await publish(RegistrationConfirmed, registration);
    const draft = await invoiceOf(registration.registrationId);

    await publish(RegistrationCancelled, cancelled(registration));

    const voided = await invoiceOf(registration.registrationId, (invoice) => invoice.status === 'voided');
    expect(voided).toEqual({ ...draft, status: 'voided' });
    const events = await invoicing.events.of(draft.id, (e) => e.length >= 2);
    expect(events.map((e) => e.type)).toEqual([InvoiceDrafted.type, InvoiceVoided.type]);
    expect(InvoiceVoided.data.parse(events[1]?.data)).toEqual({
      invoiceId: draft.id,
      registrationId: registration.registrationId,
      reason: 'registration cancelled',
    });
  });

  it('drafts nothing for a booking without a municipality, and voids nothing when it is cancelled', async () => {
    const registration = confirmed({ municipalityId: null, bookedBy: { kind: 'back-office', actor: 'key:staff' } });
    const confirmation = await publish(RegistrationConfirmed, registration);
    const cancellation = await publish(RegistrationCancelled, cancelled(registration));
    await sentinelOn(registration.offeringId);

    expect(await invoicesOf(registration.registrationId)).toEqual([]);
    expect(await streamLength(registration.registrationId)).toBe(0);
    // Consumed and handled (not skipped, not refused, not dead-lettered): there was nothing to bill.
    const { rows } = await invoicing.db.query(`SELECT outcome FROM processed_messages WHERE event_id = ANY($1)`, [
      [confirmation.id, cancellation.id],
    ]);
    expect(rows).toEqual([{ outcome: 'handled' }, { outcome: 'handled' }]);
  });
});

describe('customers', () => {
  const customer = {
    id: 'oldenburg',
    name: 'Stadt Oldenburg',
    invoiceEmail: 'rechnungen@oldenburg.example',
    leitwegId: '03403000-57',
    billingAddress: { department: 'Fachdienst Personal', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg' },
  };

  it('stores a customer whose Leitweg-ID has valid check digits', async () => {
    const response = await backOffice().put('/customers', customer);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ ...customer, billingAddress: { ...customer.billingAddress, country: 'DE' } });
  });

  it('refuses a Leitweg-ID with wrong check digits with a problem naming the field, and stores nothing', async () => {
    const id = `gemeinde-${randomUUID().slice(0, 8)}`;
    const response = await backOffice().put('/customers', { ...customer, id, leitwegId: '03403000-58' });

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

  it('lets only the back office change customers', async () => {
    const response = await invoicing.as(municipalityPrincipal('oldenburg')).put('/customers', customer);
    expect(response.status).toBe(403);
  });
});
