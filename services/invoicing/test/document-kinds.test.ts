import { RegistrationCancelled, RegistrationConfirmed } from '@seminarwerk/contracts';
import type { Invoice, InvoiceRunResult } from '@seminarwerk/contracts/api';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { xrechnungValidator } from '../src/documents/validator.ts';
import {
  backOffice,
  cancelled,
  confirmed,
  customer,
  draftOf,
  type InvoicingUnderTest,
  invoicesOf,
  issue,
  publish,
  startInvoicingUnderTest,
} from './support.ts';

// Issue 9's proof: every kind of document, made by the system from registration events (not by hand), issued, and
// then validated once more by the real validator from the stored bytes, with the customer's Leitweg-ID in BT-10.

const LEITWEG_ID = '03403000-57';
let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
  invoicing.setClock('2046-03-02T09:00:00Z');
});
afterAll(() => invoicing?.stop());

async function storedXml(invoiceId: string): Promise<string> {
  const { rows } = await invoicing.db.query<{ xml: string }>(
    `SELECT convert_from(content, 'UTF8') AS xml FROM invoice_documents WHERE kind = 'xrechnung' AND invoice_id = $1`,
    [invoiceId],
  );
  return rows[0]?.xml ?? '';
}

/** The stored XML is valid for the real validator, is the kind expected, and names the Leitweg-ID in BT-10. */
async function expectValidXRechnung(invoice: Invoice, root: 'Invoice' | 'CreditNote') {
  expect(invoice.status, JSON.stringify(invoice.hold)).toBe('issued');
  const xml = await storedXml(invoice.id);
  const report = await xrechnungValidator(inject('validatorUrl')).validate(xml);
  expect(report.messages.filter((m) => m.severity === 'error')).toEqual([]);
  expect(report.valid).toBe(true);
  const document = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  if (!document) throw new Error(`no XML stored for ${invoice.id}`);
  expect(document.localName).toBe(root);
  expect(document.getElementsByTagName('cbc:BuyerReference')[0]?.textContent).toBe(LEITWEG_ID);
  return document;
}

async function issuedPerRegistration(overrides: Parameters<typeof confirmed>[1] = {}) {
  const municipality = await customer(invoicing, { leitwegId: LEITWEG_ID });
  const registration = confirmed(municipality, { day: '2046-02-10', ...overrides });
  await publish(invoicing, RegistrationConfirmed, registration);
  return { municipality, registration, draft: await draftOf(invoicing, registration.registrationId) };
}

describe('every kind of document the institute sends', () => {
  it('a single invoice, VAT-exempt', async () => {
    const { draft } = await issuedPerRegistration();
    const xml = await expectValidXRechnung(await issue(invoicing, draft.id), 'Invoice');
    expect(xml.getElementsByTagName('cbc:TaxExemptionReasonCode')[0]?.textContent).toBe('VATEX-EU-132-1I');
  });

  it('a single invoice at 19 %', async () => {
    const { draft } = await issuedPerRegistration({ fee: { amountCents: 29_000, currency: 'EUR' }, vat: 'standard-19' });
    const invoice = await issue(invoicing, draft.id);
    await expectValidXRechnung(invoice, 'Invoice');
    expect(invoice.totals).toMatchObject({ netCents: 29_000, vatCents: 5_510, grossCents: 34_510 });
  });

  it('a collective invoice with several lines at different rates', async () => {
    const municipality = await customer(invoicing, { leitwegId: LEITWEG_ID, billing: 'collective-monthly' });
    const registrations = [
      confirmed(municipality, { day: '2046-01-12' }),
      confirmed(municipality, { day: '2046-01-19', vat: 'reduced-7', fee: { amountCents: 12_345, currency: 'EUR' } }),
      confirmed(municipality, { day: '2046-01-26', vat: 'standard-19', fee: { amountCents: 9_999, currency: 'EUR' } }),
    ];
    for (const r of registrations) await publish(invoicing, RegistrationConfirmed, r);
    await draftOf(invoicing, registrations[2]!.registrationId, (d) => d.lines.length === 3);

    const run = await backOffice(invoicing).post<InvoiceRunResult>('/invoice-runs', { upTo: '2046-01-31', municipalityId: municipality });
    expect(run.status).toBe(201);
    const [issued] = await invoicesOf(invoicing, registrations[0]!.registrationId, (all) => all.some((i) => i.status === 'issued'));
    const xml = await expectValidXRechnung(issued!, 'Invoice');
    expect(xml.getElementsByTagName('cac:InvoiceLine')).toHaveLength(3);
    expect(xml.getElementsByTagName('cac:TaxSubtotal')).toHaveLength(3);
  });

  it('a late-cancellation fee', async () => {
    const { registration } = await issuedPerRegistration({ fee: { amountCents: 34_000, currency: 'EUR' } });
    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'late', 50));
    const fee = await draftOf(invoicing, registration.registrationId, (d) => d.lines[0]?.kind === 'cancellation-fee');

    const invoice = await issue(invoicing, fee.id);
    await expectValidXRechnung(invoice, 'Invoice');
    expect(invoice.lines).toMatchObject([{ kind: 'cancellation-fee', feePercent: 50, netCents: 17_000 }]);
  });

  it('a no-show fee', async () => {
    const { registration } = await issuedPerRegistration({ fee: { amountCents: 19_000, currency: 'EUR' } });
    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'no-show', 100));
    const fee = await draftOf(invoicing, registration.registrationId, (d) => d.lines[0]?.kind === 'no-show-fee');

    const invoice = await issue(invoicing, fee.id);
    await expectValidXRechnung(invoice, 'Invoice');
    expect(invoice.lines).toMatchObject([{ kind: 'no-show-fee', feePercent: 100, netCents: 19_000 }]);
  });

  it('a credit note (Stornorechnung) referring to the invoice it cancels', async () => {
    const { draft } = await issuedPerRegistration();
    const original = await issue(invoicing, draft.id);

    const cancellation = await backOffice(invoicing).post<Invoice>(`/invoices/${original.id}/cancel`, { reason: 'Anschrift falsch' });

    expect(cancellation.status).toBe(201);
    const xml = await expectValidXRechnung(cancellation.body, 'CreditNote');
    const reference = xml.getElementsByTagName('cac:InvoiceDocumentReference')[0];
    expect(reference?.getElementsByTagName('cbc:ID')[0]?.textContent).toBe(original.number);
    expect(reference?.getElementsByTagName('cbc:IssueDate')[0]?.textContent).toBe(original.issueDate);
  });
});
