import { createHash } from 'node:crypto';
import { InvoiceHeld, InvoiceIssued, RegistrationCancelled, RegistrationConfirmed } from '@seminarwerk/contracts';
import type { Invoice } from '@seminarwerk/contracts/api';
import { eventually, municipalityPrincipal } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ValidatorUnavailable, xrechnungValidator } from '../src/documents/validator.ts';
import { renderXRechnung } from '../src/documents/xrechnung.ts';
import {
  backOffice,
  type Confirmed,
  cancelled,
  confirmed,
  counters,
  customer,
  download,
  draftOf,
  type InvoicingUnderTest,
  issue,
  numbersFrom,
  publish,
  startInvoicingUnderTest,
} from './support.ts';

// Issuing one draft at a time: numbers, documents, holds. Each test issues in a year of its own, so its
// numbers start at 00001 in this file's database.

/** A buyer named so is rendered without BT-10: the real validator must refuse it (BR-DE-15). */
const BROKEN = '(ohne BT-10)';
/** A buyer named so finds the validator unreachable. */
const UNREACHABLE = '(Prüfung nicht erreichbar)';

let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  const real = xrechnungValidator(inject('validatorUrl'));
  invoicing = await startInvoicingUnderTest({
    renderXRechnung: (document) => {
      const xml = renderXRechnung(document);
      return document.buyer.name.includes(BROKEN) ? xml.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '') : xml;
    },
    validator: {
      validate: (xml) =>
        xml.includes(UNREACHABLE) ? Promise.reject(new ValidatorUnavailable('not reachable (test)')) : real.validate(xml),
    },
  });
});
afterAll(() => invoicing?.stop());

async function drafts(
  municipalityId: string,
  count: number,
  overrides: Partial<Confirmed> = {},
): Promise<{ registration: Confirmed; draft: Invoice }[]> {
  const registrations = Array.from({ length: count }, () => confirmed(municipalityId, overrides));
  for (const registration of registrations) await publish(invoicing, RegistrationConfirmed, registration);
  return Promise.all(
    registrations.map(async (registration) => ({ registration, draft: await draftOf(invoicing, registration.registrationId) })),
  );
}

async function oneDraft(municipalityId: string, overrides: Partial<Confirmed> = {}) {
  const [one] = await drafts(municipalityId, 1, overrides);
  return one!;
}

async function outboxTypes(invoiceId: string): Promise<string[]> {
  const { rows } = await invoicing.db.query(`SELECT payload->>'type' AS type FROM outbox WHERE message_key = $1 ORDER BY id`, [invoiceId]);
  return rows.map((r) => r.type);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('issuing a draft', () => {
  it('numbers it, validates and stores both documents, and publishes them byte for byte with their SHA-256', async () => {
    invoicing.setClock('2030-02-10T09:00:00Z');
    const oldenburg = await customer(invoicing, { paymentTermsDays: 14 });
    const { registration, draft } = await oneDraft(oldenburg, { purchaseOrderReference: 'AZ 11-04/2027' });

    const issued = await issue(invoicing, draft.id);

    expect(issued).toMatchObject({
      id: draft.id,
      number: 'RE-2030-00001',
      status: 'issued',
      issueDate: '2030-02-10',
      dueDate: '2030-02-24',
      buyer: { name: 'Stadt Oldenburg (Oldb)', leitwegId: '03403000-57', supplierNumber: 'K-100423' },
      purchaseOrderReference: 'AZ 11-04/2027',
      totals: { netCents: 28_500, vatCents: 0, grossCents: 28_500, paidCents: 0, outstandingCents: 28_500 },
      validation: { result: 'valid', validator: expect.stringMatching(/XRechnung 3\.0/) },
      hold: null,
    });
    expect(issued.validation?.messages.filter((m) => m.severity === 'error')).toEqual([]);
    // Idempotent: asked again, the same invoice, unchanged.
    expect(await issue(invoicing, draft.id)).toEqual(issued);

    const [, event] = await invoicing.events.of(draft.id, (e) => e.some((x) => x.type === InvoiceIssued.type));
    expect(event?.type).toBe(InvoiceIssued.type);
    const data = InvoiceIssued.data.parse(event?.data);
    expect(data).toMatchObject({
      number: 'RE-2030-00001',
      issueDate: '2030-02-10',
      dueDate: '2030-02-24',
      municipalityId: oldenburg,
      buyer: { leitwegId: '03403000-57', invoiceEmail: 'rechnungseingang@oldenburg.example' },
      lines: [
        {
          registrationId: registration.registrationId,
          kind: 'fee',
          netCents: 28_500,
          description: 'Teilnahmegebühr: Vergaberecht kompakt',
        },
      ],
      totals: { netCents: 28_500, vatCents: 0, grossCents: 28_500, currency: 'EUR' },
    });
    for (const [kind, mediaType, fileName] of [
      ['xrechnung', 'application/xml', 'RE-2030-00001.xml'],
      ['pdf', 'application/pdf', 'RE-2030-00001.pdf'],
    ] as const) {
      const sent = data.documents.find((d) => d.kind === kind);
      expect(sent).toMatchObject({ mediaType, fileName });
      const bytes = new Uint8Array(Buffer.from(sent!.contentBase64, 'base64'));
      expect(sha256(bytes)).toBe(sent!.sha256);
      const served = await download(invoicing, `/invoices/${draft.id}/${kind}`);
      expect(served.status).toBe(200);
      expect(served.type).toBe(mediaType);
      expect(Buffer.compare(served.bytes, bytes)).toBe(0);
    }
    const xml = Buffer.from(data.documents.find((d) => d.kind === 'xrechnung')!.contentBase64, 'base64').toString('utf8');
    expect(xml).toContain('<cbc:BuyerReference>03403000-57</cbc:BuyerReference>');
    expect(xml).toMatch(/<cac:OrderReference>\s*<cbc:ID>AZ 11-04\/2027<\/cbc:ID>/);
    expect(await outboxTypes(draft.id)).toEqual(['invoicing.invoice.drafted.v1', InvoiceIssued.type]);
  });

  it('keeps the documents as issued: the database refuses to change or delete them (GoBD)', async () => {
    const { rows } = await invoicing.db.query('SELECT invoice_id FROM invoice_documents LIMIT 1');
    expect(rows).toHaveLength(1);
    const refused = (sql: string) =>
      invoicing.db.query(sql, [rows[0].invoice_id]).then(
        () => 'changed',
        (error: { message: string }) => error.message,
      );
    expect(await refused(`UPDATE invoice_documents SET content = 'x' WHERE invoice_id = $1`)).toMatch(/kept as issued/);
    expect(await refused(`DELETE FROM invoice_documents WHERE invoice_id = $1`)).toMatch(/kept as issued/);
  });

  it('gives 20 drafts issued at once the numbers 1 to 20 of the year, without a gap or a duplicate', async () => {
    invoicing.setClock('2031-03-01T09:00:00Z');
    const oldenburg = await customer(invoicing);
    const twenty = await drafts(oldenburg, 20);

    const answers = await Promise.all(twenty.map(({ draft }) => backOffice(invoicing).post<Invoice>(`/invoices/${draft.id}/issue`)));

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(answers.map((a) => a.body.number).sort()).toEqual(numbersFrom(20, 2031));
    const { rows } = await invoicing.db.query(`SELECT number FROM invoices WHERE number LIKE 'RE-2031-%' ORDER BY number`);
    expect(rows.map((r) => r.number)).toEqual(numbersFrom(20, 2031));
    expect((await counters(invoicing))['RE-2031']).toBe(20);
  });

  it('gives one draft issued 20 times at once one number, and the same answer every time', async () => {
    invoicing.setClock('2032-03-01T09:00:00Z');
    const oldenburg = await customer(invoicing);
    const { draft } = await oneDraft(oldenburg);

    const answers = await Promise.all(Array.from({ length: 20 }, () => backOffice(invoicing).post<Invoice>(`/invoices/${draft.id}/issue`)));

    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(answers[0]?.body).toMatchObject({ number: 'RE-2032-00001', status: 'issued' });
    expect((await counters(invoicing))['RE-2032']).toBe(1);
    const { rows } = await invoicing.db.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'InvoiceIssued'`, [
      `invoice-${draft.id}`,
    ]);
    expect(rows[0].n).toBe(1);
    expect(await outboxTypes(draft.id)).toEqual(['invoicing.invoice.drafted.v1', InvoiceIssued.type]);
  });
});

describe('partners', () => {
  it('read their own invoices and documents, and get 404 for another municipality’s, as if they did not exist', async () => {
    invoicing.setClock('2036-03-01T09:00:00Z');
    const own = await customer(invoicing);
    const other = await customer(invoicing);
    const { draft } = await oneDraft(own);
    const { draft: otherDraft } = await oneDraft(other);
    await issue(invoicing, draft.id);
    const partner = municipalityPrincipal(own);

    expect((await invoicing.as(partner).get<Invoice>(`/invoices/${draft.id}`)).body).toMatchObject({ id: draft.id, status: 'issued' });
    const xml = await download(invoicing, `/invoices/${draft.id}/xrechnung`, partner);
    expect(xml).toMatchObject({ status: 200, type: 'application/xml' });
    expect(xml.etag).toBe(`"${sha256(xml.bytes)}"`);
    expect((await download(invoicing, `/invoices/${draft.id}/pdf`, partner)).status).toBe(200);

    const stranger = municipalityPrincipal(other);
    const notFound = await invoicing.as(stranger).get(`/invoices/${draft.id}`);
    expect(notFound.body).toMatchObject({ status: 404, type: 'https://seminarwerk.example/problems/invoice-not-found' });
    for (const kind of ['xrechnung', 'pdf'])
      expect((await download(invoicing, `/invoices/${draft.id}/${kind}`, stranger)).status).toBe(404);
    expect(
      (await invoicing.as(stranger).get<{ items: Invoice[] }>('/invoices?limit=200')).body.items.map((i) => i.municipalityId),
    ).not.toContain(own);

    // A draft has no documents, for anyone.
    const none = await invoicing.as(stranger).get(`/invoices/${otherDraft.id}/xrechnung`);
    expect(none.body).toMatchObject({ status: 404, type: 'https://seminarwerk.example/problems/documents-not-available' });
  });
});

describe('an invoice that cannot be issued', () => {
  it('is held when the customer has no Leitweg-ID: no number is taken, nothing is sent, and it issues once it has one', async () => {
    invoicing.setClock('2033-03-01T09:00:00Z');
    const oldenburg = await customer(invoicing, { leitwegId: null });
    const { draft } = await oneDraft(oldenburg);

    const held = await issue(invoicing, draft.id);

    expect(held).toMatchObject({ status: 'held', number: null, hold: { reason: 'missing-leitweg-id' } });
    expect(held.hold?.detail).toMatch(/Leitweg-ID/);
    const [, event] = await invoicing.events.of(draft.id, (e) => e.length >= 2);
    expect(InvoiceHeld.data.parse(event?.data)).toMatchObject({
      invoiceId: draft.id,
      municipalityId: oldenburg,
      reason: 'missing-leitweg-id',
      rules: [],
    });
    expect(await counters(invoicing)).not.toHaveProperty('RE-2033');
    expect(await outboxTypes(draft.id)).toEqual(['invoicing.invoice.drafted.v1', InvoiceHeld.type]);
    expect((await download(invoicing, `/invoices/${draft.id}/pdf`)).status).toBe(404);
    // Asked again without a change: still held, and not news (no second held event).
    expect(await issue(invoicing, draft.id)).toMatchObject({ status: 'held' });
    expect(await outboxTypes(draft.id)).toEqual(['invoicing.invoice.drafted.v1', InvoiceHeld.type]);

    await customer(invoicing, { id: oldenburg, leitwegId: '03403000-57' });
    expect(await issue(invoicing, draft.id)).toMatchObject({ status: 'issued', number: 'RE-2033-00001', hold: null });
  });

  it('is held when the municipality is no customer', async () => {
    const { draft } = await oneDraft('unbekannte-gemeinde');
    expect(await issue(invoicing, draft.id)).toMatchObject({ status: 'held', hold: { reason: 'missing-customer' } });
  });

  it('is held with the validator’s messages when its XML fails validation: the number is given back and nothing is sent', async () => {
    invoicing.setClock('2034-03-01T09:00:00Z');
    const broken = await customer(invoicing, { name: `Stadt Oldenburg ${BROKEN}` });
    const { draft } = await oneDraft(broken);

    const held = await issue(invoicing, draft.id);

    expect(held).toMatchObject({ status: 'held', number: null, hold: { reason: 'validation-failed' }, validation: { result: 'invalid' } });
    expect(held.hold?.detail).toMatch(/BR-DE-15/);
    expect(held.validation?.messages).toContainEqual(expect.objectContaining({ rule: 'BR-DE-15', severity: 'error' }));
    const [, event] = await invoicing.events.of(draft.id, (e) => e.length >= 2);
    expect(InvoiceHeld.data.parse(event?.data)).toMatchObject({ reason: 'validation-failed', rules: expect.arrayContaining(['BR-DE-15']) });
    expect(await counters(invoicing)).not.toHaveProperty('RE-2034');
    expect(await outboxTypes(draft.id)).toEqual(['invoicing.invoice.drafted.v1', InvoiceHeld.type]);
    const { rows } = await invoicing.db.query('SELECT count(*)::int AS n FROM invoice_documents WHERE invoice_id = $1', [draft.id]);
    expect(rows[0].n).toBe(0);

    // Fixed, the held invoice issues with the number it did not consume before.
    await customer(invoicing, { id: broken, name: 'Stadt Oldenburg (Oldb)' });
    expect(await issue(invoicing, draft.id)).toMatchObject({ status: 'issued', number: 'RE-2034-00001', validation: { result: 'valid' } });
  });

  it('answers 503 with Retry-After and records nothing when the validator cannot be reached', async () => {
    invoicing.setClock('2035-03-01T09:00:00Z');
    const unreachable = await customer(invoicing, { name: `Stadt ${UNREACHABLE}` });
    const { draft } = await oneDraft(unreachable);

    const response = await backOffice(invoicing).post(`/invoices/${draft.id}/issue`);

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(response.body).toMatchObject({ type: 'https://seminarwerk.example/problems/validator-unavailable' });
    expect((await backOffice(invoicing).get<Invoice>(`/invoices/${draft.id}`)).body).toMatchObject({
      status: 'draft',
      number: null,
      hold: null,
    });
    expect(await counters(invoicing)).not.toHaveProperty('RE-2035');
    expect(await outboxTypes(draft.id)).toEqual(['invoicing.invoice.drafted.v1']);
  });

  it('answers 404 for an invoice that does not exist, and 409 for a voided one', async () => {
    expect((await backOffice(invoicing).post('/invoices/00000000-0000-4000-8000-000000000000/issue')).body).toMatchObject({
      status: 404,
      type: 'https://seminarwerk.example/problems/invoice-not-found',
    });
    expect((await backOffice(invoicing).post('/invoices/not-a-uuid/issue')).status).toBe(404);
    const { registration, draft } = await oneDraft(await customer(invoicing));
    await publish(invoicing, RegistrationCancelled, cancelled(registration));
    await eventually(async () => expect((await backOffice(invoicing).get<Invoice>(`/invoices/${draft.id}`)).body.status).toBe('voided'));
    expect((await backOffice(invoicing).post(`/invoices/${draft.id}/issue`)).body).toMatchObject({
      status: 409,
      type: 'https://seminarwerk.example/problems/not-issuable',
    });
  });

  it('lets only the back office issue', async () => {
    const oldenburg = await customer(invoicing);
    const { draft } = await oneDraft(oldenburg);
    expect((await invoicing.as(municipalityPrincipal(oldenburg)).post(`/invoices/${draft.id}/issue`)).status).toBe(403);
  });
});
