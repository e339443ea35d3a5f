import { describe, expect, it } from 'vitest';
import type { IssuedLine } from './document.ts';
import { type BuyerSnapshot, type InvoiceCommand, type InvoiceEvent, type IssuedFacts, invoiceDecider } from './invoice.ts';

const now = new Date('2027-03-01T10:00:00Z');
const at = now.toISOString();

const stateAfter = (history: InvoiceEvent[]) => history.reduce(invoiceDecider.evolve, invoiceDecider.initialState());
const given = (...history: InvoiceEvent[]) => ({
  when: (command: InvoiceCommand) => ({
    yields: (expected: unknown) => expect(invoiceDecider.decide(command, stateAfter(history))).toEqual(expected),
    refuses: (code: string) => expect(invoiceDecider.decide(command, stateAfter(history))).toMatchObject({ rejected: true, code }),
  }),
});

const buyer: BuyerSnapshot = {
  name: 'Stadt Oldenburg (Oldb)',
  leitwegId: '03403000-57',
  invoiceEmail: 'rechnungseingang@oldenburg.example',
  address: { department: '', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)', country: 'DE' },
  supplierNumber: null,
};
const line: IssuedLine = {
  registrationId: 'r1',
  offeringId: 'o1',
  kind: 'fee',
  feePercent: 100,
  netCents: 34_000,
  vat: 'exempt-4-22a',
  title: 'Pressearbeit',
  participant: 'Anna Meyer',
  serviceDate: '2027-02-16',
  lastDay: '2027-02-16',
  purchaseOrderReference: null,
  name: 'Teilnahmegebühr: Pressearbeit',
};
const issuedFacts: IssuedFacts = {
  number: 'RE-2027-00001',
  issueDate: '2027-03-01',
  dueDate: '2027-03-31',
  buyer,
  lines: [line],
  totals: { netCents: 34_000, vatCents: 0, grossCents: 34_000 },
  purchaseOrderReference: null,
  validation: { result: 'valid', validator: 'Mustang', validatedAt: at, messages: [] },
  documents: [],
};

const opened: InvoiceEvent = {
  type: 'InvoiceOpened',
  data: {
    invoiceId: 'i1',
    municipalityId: 'oldenburg',
    billing: 'collective-monthly',
    period: '2027-02',
    registration: null,
    openedAt: at,
  },
};
const issued: InvoiceEvent = { type: 'InvoiceIssued', data: { ...issuedFacts, invoiceId: 'i1', issuedAt: at } };
const issue: InvoiceCommand = { type: 'Issue', ...issuedFacts, now };
const hold = (reason: 'missing-leitweg-id' | 'validation-failed', detail = 'no Leitweg-ID'): InvoiceCommand => ({
  type: 'Hold',
  reason,
  detail,
  validation: null,
  now,
});
const held: InvoiceEvent = {
  type: 'InvoiceHeld',
  data: { invoiceId: 'i1', reason: 'missing-leitweg-id', detail: 'no Leitweg-ID', validation: null, heldAt: at },
};
const pay = (amountCents: number): InvoiceCommand => ({
  type: 'RecordPayment',
  paymentId: 'p1',
  amountCents,
  paidOn: '2027-03-10',
  reference: null,
  now,
});
const paid = (amountCents: number, paymentId = 'p1'): InvoiceEvent => ({
  type: 'PaymentRecorded',
  data: { invoiceId: 'i1', paymentId, amountCents, paidOn: '2027-03-10', reference: null, recordedAt: at },
});

describe('issuing', () => {
  it('issues a draft with its number, lines and totals', () => given(opened).when(issue).yields([issued]));

  it('issues a held invoice once it can be', () => given(opened, held).when(issue).yields([issued]));

  it('refuses to issue an invoice twice, or a voided one', () => {
    given(opened, issued).when(issue).refuses('not-issuable');
    given(opened, { type: 'InvoiceVoided', data: { invoiceId: 'i1', reason: 'no positions', voidedAt: at } })
      .when(issue)
      .refuses('not-issuable');
  });

  it('answers an invoice nobody drafted as not found', () => given().when(issue).refuses('invoice-not-found'));
});

describe('holding', () => {
  it('holds a draft with the reason', () => given(opened).when(hold('missing-leitweg-id')).yields([held]));

  it('records the same hold once: a run retrying it is not news', () => given(opened, held).when(hold('missing-leitweg-id')).yields([]));

  it('records a hold for another reason', () =>
    expect(invoiceDecider.decide(hold('validation-failed', 'BR-DE-15'), stateAfter([opened, held]))).toMatchObject([
      { type: 'InvoiceHeld', data: { reason: 'validation-failed' } },
    ]));

  it('never holds an issued invoice', () => given(opened, issued).when(hold('validation-failed')).refuses('not-issuable'));
});

describe('voiding', () => {
  it('voids a draft or a held invoice that lost its positions, and nothing issued', () => {
    const voided = { type: 'InvoiceVoided', data: { invoiceId: 'i1', reason: 'no positions', voidedAt: at } };
    given(opened).when({ type: 'VoidDraft', reason: 'no positions', now }).yields([voided]);
    given(opened, held).when({ type: 'VoidDraft', reason: 'no positions', now }).yields([voided]);
    given(opened, issued).when({ type: 'VoidDraft', reason: 'no positions', now }).yields([]);
  });
});

describe('payments', () => {
  it('are recorded against an issued invoice: part, then the rest', () => {
    expect(stateAfter([opened, issued, paid(10_000)])).toMatchObject({ status: 'partially-paid', paidCents: 10_000 });
    expect(stateAfter([opened, issued, paid(10_000), paid(24_000, 'p2')])).toMatchObject({ status: 'paid', paidCents: 34_000 });
  });

  it('refuse more than is outstanding, naming the amount', () =>
    expect(invoiceDecider.decide(pay(24_001), stateAfter([opened, issued, paid(10_000)]))).toMatchObject({
      code: 'payment-exceeds-outstanding',
      fields: [{ field: 'amountCents', detail: 'at most 24000' }],
    }));

  it('are refused on drafts, held, paid and cancelled invoices and on credit notes', () => {
    given(opened).when(pay(1)).refuses('not-payable');
    given(opened, held).when(pay(1)).refuses('not-payable');
    given(opened, issued, paid(34_000)).when(pay(1)).refuses('not-payable');
    const cancelled: InvoiceEvent = {
      type: 'InvoiceCancelled',
      data: { invoiceId: 'i1', creditNoteId: 'c1', creditNoteNumber: 'ST-2027-00001', reason: 'falsch', cancelledAt: at },
    };
    given(opened, issued, cancelled).when(pay(1)).refuses('not-payable');
    const creditNote: InvoiceEvent = {
      type: 'CreditNoteDrafted',
      data: {
        invoiceId: 'c1',
        municipalityId: 'oldenburg',
        billing: 'per-registration',
        purpose: 'cancellation',
        precedingInvoice: { invoiceId: 'i1', number: 'RE-2027-00001', issueDate: '2027-03-01' },
        buyer,
        lines: [line],
        reason: 'falsch',
        draftedAt: at,
      },
    };
    given(creditNote, { type: 'InvoiceIssued', data: { ...issuedFacts, number: 'ST-2027-00001', invoiceId: 'c1', issuedAt: at } })
      .when(pay(1))
      .refuses('not-payable');
  });
});

describe('cancelling', () => {
  const request: InvoiceCommand = { type: 'RequestCancellation', creditNoteId: 'c1', reason: 'Anschrift falsch', now };
  const requested: InvoiceEvent = {
    type: 'CancellationRequested',
    data: { invoiceId: 'i1', creditNoteId: 'c1', reason: 'Anschrift falsch', requestedAt: at },
  };

  it('asks for a Stornorechnung of an issued invoice, paid or not, once', () => {
    given(opened, issued).when(request).yields([requested]);
    given(opened, issued, paid(34_000)).when(request).yields([requested]);
    given(opened, issued, requested).when(request).yields([]);
  });

  it('refuses drafts and credit notes', () => {
    given(opened).when(request).refuses('not-cancellable');
  });

  it('is cancelled once the Stornorechnung is issued', () =>
    expect(
      stateAfter([
        opened,
        issued,
        requested,
        {
          type: 'InvoiceCancelled',
          data: { invoiceId: 'i1', creditNoteId: 'c1', creditNoteNumber: 'ST-2027-00001', reason: 'Anschrift falsch', cancelledAt: at },
        },
      ]),
    ).toMatchObject({ status: 'cancelled', cancelledBy: { creditNoteId: 'c1', number: 'ST-2027-00001' } }));
});
