import {
  CreditNoteIssued,
  InvoiceCancelled,
  InvoicePaymentRecorded,
  RegistrationCancelled,
  RegistrationConfirmed,
} from '@seminarwerk/contracts';
import type { Invoice, InvoiceRunResult } from '@seminarwerk/contracts/api';
import { eventually } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderXRechnung } from '../src/documents/xrechnung.ts';
import {
  backOffice,
  type Confirmed,
  cancelled,
  confirmed,
  customer,
  draftOf,
  type InvoicingUnderTest,
  invoicesOf,
  issue,
  publish,
  sentinelOn,
  startInvoicingUnderTest,
} from './support.ts';

// What happens to issued invoices: cancellations of their registrations, Stornorechnungen, payments, overdue.

/** While set, credit notes are rendered without BT-10, so the real validator refuses them. */
let breakCreditNotes = false;

let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest({
    renderXRechnung: (document) => {
      const xml = renderXRechnung(document);
      return breakCreditNotes && document.kind === 'credit-note' ? xml.replace(/<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '') : xml;
    },
  });
});
afterAll(() => invoicing?.stop());

/** A registration billed on an invoice of its own, issued. */
async function issuedFor(
  municipalityId: string,
  overrides: Partial<Confirmed> = {},
): Promise<{ registration: Confirmed; invoice: Invoice }> {
  const registration = confirmed(municipalityId, { fee: { amountCents: 34_000, currency: 'EUR' }, ...overrides });
  await publish(invoicing, RegistrationConfirmed, registration);
  const draft = await draftOf(invoicing, registration.registrationId);
  return { registration, invoice: await issue(invoicing, draft.id) };
}

const run = (upTo: string, municipalityId: string) =>
  backOffice(invoicing).post<InvoiceRunResult>('/invoice-runs', { upTo, municipalityId });
const get = async (id: string) => (await backOffice(invoicing).get<Invoice>(`/invoices/${id}`)).body;

async function xmlOf(invoiceId: string): Promise<string> {
  const { rows } = await invoicing.db.query(
    `SELECT convert_from(content, 'UTF8') AS xml FROM invoice_documents WHERE kind = 'xrechnung' AND invoice_id = $1`,
    [invoiceId],
  );
  return rows[0]?.xml;
}

describe('a cancelled registration whose invoice was issued', () => {
  it('is credited by a draft credit note referring to the invoice, which the next run issues', async () => {
    invoicing.setClock('2044-03-05T08:00:00Z');
    const oldenburg = await customer(invoicing);
    const { registration, invoice } = await issuedFor(oldenburg);

    await publish(invoicing, RegistrationCancelled, cancelled(registration));

    const credit = (await invoicesOf(invoicing, registration.registrationId, (all) => all.some((i) => i.type === 'credit-note'))).find(
      (i) => i.type === 'credit-note',
    )!;
    expect(credit).toMatchObject({
      status: 'draft',
      number: null,
      precedingInvoice: { id: invoice.id, number: invoice.number, issueDate: '2044-03-05' },
      lines: invoice.lines,
      totals: { grossCents: 34_000 },
    });
    expect(await get(invoice.id)).toMatchObject({ status: 'issued', cancelledBy: null });

    invoicing.setClock('2044-03-20T08:00:00Z');
    const result = await run('2044-03-31', oldenburg);

    expect(result.body.issued).toMatchObject([{ id: credit.id, number: 'ST-2044-00001', grossCents: 34_000, lines: 1 }]);
    expect(await get(credit.id)).toMatchObject({
      status: 'issued',
      number: 'ST-2044-00001',
      dueDate: null,
      validation: { result: 'valid' },
    });
    const [issued] = await invoicing.events.of(credit.id);
    expect(issued?.type).toBe(CreditNoteIssued.type);
    expect(CreditNoteIssued.data.parse(issued?.data)).toMatchObject({
      number: 'ST-2044-00001',
      precedingInvoice: { invoiceId: invoice.id, number: invoice.number, issueDate: '2044-03-05' },
      reason: 'Abmeldung innerhalb der kostenfreien Frist',
    });
    const xml = await xmlOf(credit.id);
    expect(xml).toContain('<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>');
    expect(xml).toMatch(new RegExp(`<cac:BillingReference>\\s*<cac:InvoiceDocumentReference>\\s*<cbc:ID>${invoice.number}</cbc:ID>`));
  });

  it('when late: the whole line is credited and the cancellation fee billed on a new draft', async () => {
    invoicing.setClock('2045-03-05T08:00:00Z');
    const oldenburg = await customer(invoicing);
    const { registration, invoice } = await issuedFor(oldenburg);

    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'late', 50));

    const all = await invoicesOf(invoicing, registration.registrationId, (i) => i.length === 3);
    expect(all.map((i) => [i.type, i.status, i.totals.grossCents]).sort()).toEqual([
      ['credit-note', 'draft', 34_000],
      ['invoice', 'draft', 17_000],
      ['invoice', 'issued', 34_000],
    ]);
    expect(all.find((i) => i.status === 'draft' && i.type === 'invoice')?.lines).toMatchObject([
      { kind: 'cancellation-fee', feePercent: 50, description: 'Stornogebühr (50 %): Vergaberecht kompakt' },
    ]);

    const result = await run('2045-03-31', oldenburg);
    expect(result.body.issued.map((i) => [i.number, i.grossCents])).toEqual([
      ['ST-2045-00001', 34_000],
      ['RE-2045-00002', 17_000],
    ]);
    expect(invoice.number).toBe('RE-2045-00001');
  });

  it('when a no-show at 100 %: the invoiced fee stands, and no credit note is made', async () => {
    const oldenburg = await customer(invoicing);
    const { registration, invoice } = await issuedFor(oldenburg);

    await publish(invoicing, RegistrationCancelled, cancelled(registration, 'no-show', 100));
    await sentinelOn(invoicing, oldenburg, registration.offeringId);

    expect((await invoicesOf(invoicing, registration.registrationId)).map((i) => i.id)).toEqual([invoice.id]);
  });
});

describe('cancelling an issued invoice', () => {
  it('issues a Stornorechnung at once, cancels the invoice, and the next run bills its positions again', async () => {
    invoicing.setClock('2046-03-05T08:00:00Z');
    const collective = await customer(invoicing, { billing: 'collective-monthly' });
    const anna = confirmed(collective, { day: '2046-02-10' });
    const bert = confirmed(collective, { day: '2046-02-20' });
    for (const r of [anna, bert]) await publish(invoicing, RegistrationConfirmed, r);
    await draftOf(invoicing, bert.registrationId, (d) => d.lines.length === 2);
    const [original] = (await run('2046-02-28', collective)).body.issued;

    const response = await backOffice(invoicing).post<Invoice>(`/invoices/${original!.id}/cancel`, {
      reason: 'Rechnungsanschrift war falsch',
    });

    expect(response.status).toBe(201);
    const credit = response.body;
    expect(credit).toMatchObject({
      type: 'credit-note',
      status: 'issued',
      number: 'ST-2046-00001',
      precedingInvoice: { id: original!.id, number: 'RE-2046-00001' },
      totals: { grossCents: 57_000 },
    });
    expect(credit.lines.map((l) => l.registrationId).sort()).toEqual([anna.registrationId, bert.registrationId].sort());
    expect(await get(original!.id)).toMatchObject({ status: 'cancelled', cancelledBy: { id: credit.id, number: 'ST-2046-00001' } });
    const events = await invoicing.events.of(original!.id, (e) => e.some((x) => x.type === InvoiceCancelled.type));
    expect(InvoiceCancelled.data.parse(events.find((e) => e.type === InvoiceCancelled.type)?.data)).toEqual({
      invoiceId: original!.id,
      number: 'RE-2046-00001',
      municipalityId: collective,
      creditNoteId: credit.id,
      creditNoteNumber: 'ST-2046-00001',
      reason: 'Rechnungsanschrift war falsch',
    });
    // Asked again: the same Stornorechnung.
    expect((await backOffice(invoicing).post<Invoice>(`/invoices/${original!.id}/cancel`, { reason: 'nochmal' })).body).toMatchObject({
      id: credit.id,
      number: 'ST-2046-00001',
    });

    // The positions are open again, on a new collective draft for February, and the next run bills them.
    const again = await draftOf(invoicing, anna.registrationId);
    expect(again).toMatchObject({ period: '2046-02', status: 'draft' });
    expect(again.lines.map((l) => l.registrationId).sort()).toEqual([anna.registrationId, bert.registrationId].sort());
    expect((await run('2046-02-28', collective)).body.issued).toMatchObject([
      { id: again.id, number: 'RE-2046-00002', lines: 2, grossCents: 57_000 },
    ]);
  });

  it('refuses drafts and credit notes (409)', async () => {
    const oldenburg = await customer(invoicing);
    const registration = confirmed(oldenburg);
    await publish(invoicing, RegistrationConfirmed, registration);
    const draft = await draftOf(invoicing, registration.registrationId);
    expect((await backOffice(invoicing).post(`/invoices/${draft.id}/cancel`, { reason: 'x' })).body).toMatchObject({
      status: 409,
      type: 'https://seminarwerk.example/problems/not-cancellable',
    });
    const { invoice } = await issuedFor(oldenburg);
    const credit = (await backOffice(invoicing).post<Invoice>(`/invoices/${invoice.id}/cancel`, { reason: 'doppelt' })).body;
    expect((await backOffice(invoicing).post(`/invoices/${credit.id}/cancel`, { reason: 'x' })).status).toBe(409);
  });

  it('holds a Stornorechnung whose XML fails validation and leaves the invoice issued, until it can be issued', async () => {
    invoicing.setClock('2047-03-05T08:00:00Z');
    const oldenburg = await customer(invoicing);
    const { registration, invoice } = await issuedFor(oldenburg);
    breakCreditNotes = true;
    let credit: Invoice;
    try {
      const response = await backOffice(invoicing).post<Invoice>(`/invoices/${invoice.id}/cancel`, { reason: 'Betrag falsch' });
      expect(response.status).toBe(201);
      credit = response.body;
    } finally {
      breakCreditNotes = false;
    }
    expect(credit).toMatchObject({ type: 'credit-note', status: 'held', number: null, hold: { reason: 'validation-failed' } });
    expect(await get(invoice.id)).toMatchObject({ status: 'issued', cancelledBy: { id: credit.id, number: null } });
    // Nothing is billed again while the invoice stands.
    expect((await invoicesOf(invoicing, registration.registrationId)).filter((i) => i.type === 'invoice').map((i) => i.id)).toEqual([
      invoice.id,
    ]);

    expect(await issue(invoicing, credit.id)).toMatchObject({ status: 'issued', number: 'ST-2047-00001' });
    expect(await get(invoice.id)).toMatchObject({ status: 'cancelled', cancelledBy: { id: credit.id, number: 'ST-2047-00001' } });
    await draftOf(invoicing, registration.registrationId);
  });
});

describe('payments', () => {
  it('make an invoice partially paid, then paid; more than is outstanding is refused', async () => {
    invoicing.setClock('2048-03-05T08:00:00Z');
    const { invoice } = await issuedFor(await customer(invoicing));
    const pay = (amountCents: number, reference?: string) =>
      backOffice(invoicing).post<Invoice>(`/invoices/${invoice.id}/payments`, {
        amountCents,
        paidOn: '2048-03-20',
        ...(reference ? { reference } : {}),
      });

    const part = await pay(10_000, 'Kassenzeichen 4711');
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({
      status: 'partially-paid',
      totals: { grossCents: 34_000, paidCents: 10_000, outstandingCents: 24_000 },
      payments: [{ amountCents: 10_000, paidOn: '2048-03-20', reference: 'Kassenzeichen 4711' }],
    });
    const tooMuch = await pay(24_001);
    expect(tooMuch.body).toMatchObject({ status: 422, type: 'https://seminarwerk.example/problems/payment-exceeds-outstanding' });
    const rest = await pay(24_000);
    expect(rest.body).toMatchObject({ status: 'paid', totals: { paidCents: 34_000, outstandingCents: 0 } });
    expect((await pay(1)).body).toMatchObject({ status: 409, type: 'https://seminarwerk.example/problems/not-payable' });

    const events = await invoicing.events.of(invoice.id, (e) => e.filter((x) => x.type === InvoicePaymentRecorded.type).length === 2);
    expect(events.filter((e) => e.type === InvoicePaymentRecorded.type).map((e) => [e.data.status, e.data.outstandingCents])).toEqual([
      ['partially-paid', 24_000],
      ['paid', 0],
    ]);
  });

  it('are refused on drafts (409)', async () => {
    const registration = confirmed(await customer(invoicing));
    await publish(invoicing, RegistrationConfirmed, registration);
    const draft = await draftOf(invoicing, registration.registrationId);
    expect((await backOffice(invoicing).post(`/invoices/${draft.id}/payments`, { amountCents: 1, paidOn: '2048-03-20' })).status).toBe(409);
  });
});

describe('overdue invoices', () => {
  it('are issued or partially paid ones past their due date (Europe/Berlin), until paid', async () => {
    invoicing.setClock('2049-01-10T08:00:00Z');
    const prompt = await customer(invoicing, { paymentTermsDays: 14 });
    const { invoice: late } = await issuedFor(prompt);
    const { invoice: paid } = await issuedFor(prompt);
    expect(late.dueDate).toBe('2049-01-24');
    await backOffice(invoicing).post(`/invoices/${paid.id}/payments`, { amountCents: 34_000, paidOn: '2049-01-20' });
    const overdue = async () =>
      (await backOffice(invoicing).get<{ items: Invoice[] }>(`/invoices?overdue=true&municipalityId=${prompt}`)).body.items.map(
        (i) => i.id,
      );

    invoicing.setClock('2049-01-24T23:30:00Z'); // still the 24th in UTC, already the 25th in Berlin (CET)
    expect(await overdue()).toEqual([late.id]);
    invoicing.setClock('2049-01-24T12:00:00Z');
    expect(await overdue()).toEqual([]);

    invoicing.setClock('2049-02-01T08:00:00Z');
    await backOffice(invoicing).post(`/invoices/${late.id}/payments`, { amountCents: 100, paidOn: '2049-02-01' });
    expect(await overdue()).toEqual([late.id]);
    await backOffice(invoicing).post(`/invoices/${late.id}/payments`, { amountCents: 33_900, paidOn: '2049-02-01' });
    await eventually(async () => expect(await overdue()).toEqual([]));
  });
});
