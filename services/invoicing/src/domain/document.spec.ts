import { describe, expect, it } from 'vitest';
import { everyKindOfDocument } from '../documents/samples.fixtures.ts';
import {
  type BillableLine,
  commonPurchaseOrderReference,
  type DocumentInput,
  invoiceDocument,
  totalsOf,
  vatBreakdown,
} from './document.ts';

const line = (overrides: Partial<BillableLine> = {}): BillableLine => ({
  registrationId: 'r1',
  offeringId: 'o1',
  kind: 'fee',
  feePercent: 100,
  netCents: 34_000,
  vat: 'exempt-4-22a',
  title: 'Professionelle Pressearbeit für Kommunen',
  participant: 'Anna Meyer',
  serviceDate: '2027-02-16',
  lastDay: '2027-02-16',
  purchaseOrderReference: null,
  ...overrides,
});

const { singleExempt, collective, creditNote } = everyKindOfDocument;
const input = (overrides: Partial<DocumentInput> = {}): DocumentInput => ({
  kind: 'invoice',
  number: 'RE-2027-00001',
  issueDate: '2027-03-01',
  paymentTermsDays: 30,
  seller: singleExempt.seller,
  account: { iban: singleExempt.payment.iban, bic: singleExempt.payment.bic },
  buyer: singleExempt.buyer,
  lines: [line({ purchaseOrderReference: 'AZ 11-04/2027' })],
  precedingInvoice: null,
  reason: null,
  ...overrides,
});

describe('VAT and totals (EN 16931)', () => {
  it('sums net amounts per category and rate and rounds each category’s VAT half up once', () => {
    const lines = [
      line({ netCents: 34_000 }),
      line({ netCents: 34_000 }),
      line({ netCents: 19_000 }),
      line({ netCents: 12_345, vat: 'reduced-7' }),
      line({ netCents: 9_999, vat: 'standard-19' }),
    ];
    expect(vatBreakdown(lines)).toEqual(collective.vatBreakdown);
    expect(totalsOf(lines)).toEqual({ netCents: 109_344, vatCents: 2_764, grossCents: 112_108 });
  });

  it('rounds per category, not per line: three lines of 7 cents at 19 % carry 4 cents of VAT (3.99), not 3 × 1', () => {
    const lines = [
      line({ netCents: 7, vat: 'standard-19' }),
      line({ netCents: 7, vat: 'standard-19' }),
      line({ netCents: 7, vat: 'standard-19' }),
    ];
    expect(totalsOf(lines).vatCents).toBe(4);
  });

  it('rounds half up', () => expect(totalsOf([line({ netCents: 50, vat: 'standard-19' })]).vatCents).toBe(10)); // 9.5 → 10
});

describe('the purchase order reference', () => {
  it('goes into BT-13 when every line carries the same one', () => {
    expect(commonPurchaseOrderReference([line({ purchaseOrderReference: 'A' }), line({ purchaseOrderReference: 'A' })])).toBe('A');
    const document = invoiceDocument(
      input({ lines: [line({ purchaseOrderReference: 'A' }), line({ registrationId: 'r2', purchaseOrderReference: 'A' })] }),
    );
    expect(document.purchaseOrderReference).toBe('A');
    expect(document.lines.map((l) => l.note)).toEqual([null, null]);
  });

  it('goes onto each line that has one when they differ', () => {
    const document = invoiceDocument(
      input({
        lines: [
          line({ purchaseOrderReference: 'A' }),
          line({ registrationId: 'r2', purchaseOrderReference: null }),
          line({ registrationId: 'r3', purchaseOrderReference: 'B' }),
        ],
      }),
    );
    expect(document.purchaseOrderReference).toBeNull();
    expect(document.lines.map((l) => l.note)).toEqual(['Bestellnummer / Aktenzeichen: A', null, 'Bestellnummer / Aktenzeichen: B']);
  });
});

describe('the document', () => {
  it('says what the hand-made sample of a single exempt invoice says, but the participant’s wording', () => {
    const document = invoiceDocument(input());
    expect({ ...document, lines: document.lines.map(({ description: _, ...l }) => l) }).toEqual({
      ...singleExempt,
      lines: singleExempt.lines.map(({ description: _, ...l }) => l),
    });
    expect(document.lines[0]?.description).toBe('Teilnehmende Person: Anna Meyer; Seminar am 16.02.2027');
  });

  it('is due after the customer’s payment terms, and pays to the number', () => {
    const document = invoiceDocument(input({ paymentTermsDays: 14, issueDate: '2027-12-20' }));
    expect(document.dueDate).toBe('2028-01-03');
    expect(document.payment).toMatchObject({
      remittanceInformation: 'RE-2027-00001',
      terms: 'Zahlbar innerhalb von 14 Tagen ohne Abzug bis zum 03.01.2028.',
    });
  });

  it('names fees for late cancellations and no-shows with their percent and their reason', () => {
    const document = invoiceDocument(
      input({
        lines: [
          line({ kind: 'cancellation-fee', feePercent: 50, netCents: 17_000 }),
          line({ registrationId: 'r2', kind: 'no-show-fee', feePercent: 100 }),
        ],
      }),
    );
    expect(document.lines.map((l) => [l.name, l.description])).toEqual([
      [
        'Stornogebühr (50 %): Professionelle Pressearbeit für Kommunen',
        'Teilnehmende Person: Anna Meyer; Seminar am 16.02.2027; Abmeldung nach Ablauf der kostenfreien Frist',
      ],
      [
        'Ausfallgebühr (100 %): Professionelle Pressearbeit für Kommunen',
        'Teilnehmende Person: Anna Meyer; Seminar am 16.02.2027; nicht erschienen',
      ],
    ]);
  });

  it('makes a credit note refer to the invoice it cancels, with no due date', () => {
    const document = invoiceDocument(
      input({
        kind: 'credit-note',
        number: 'ST-2027-00001',
        issueDate: '2027-03-05',
        precedingInvoice: { number: 'RE-2027-00001', issueDate: '2027-03-01' },
        reason: 'Abmeldung innerhalb der kostenfreien Frist.',
      }),
    );
    expect(document).toMatchObject({
      kind: 'credit-note',
      dueDate: null,
      precedingInvoice: creditNote.precedingInvoice,
      notes: creditNote.notes,
      payment: { terms: creditNote.payment.terms, remittanceInformation: 'ST-2027-00001' },
    });
  });

  it('prints lines by date, then name, and spans the service period over all of them', () => {
    const document = invoiceDocument(
      input({
        lines: [
          line({ registrationId: 'r3', participant: 'Zoe', serviceDate: '2027-02-20', lastDay: '2027-02-21' }),
          line({ registrationId: 'r2', participant: 'Bert', serviceDate: '2027-02-03', lastDay: '2027-02-03' }),
          line({ registrationId: 'r1', participant: 'Anna', serviceDate: '2027-02-20', lastDay: '2027-02-21' }),
        ],
      }),
    );
    expect(document.lines.map((l) => [l.id, l.description])).toEqual([
      ['1', 'Teilnehmende Person: Bert; Seminar am 03.02.2027'],
      ['2', 'Teilnehmende Person: Anna; Seminar vom 20.02.2027 bis 21.02.2027'],
      ['3', 'Teilnehmende Person: Zoe; Seminar vom 20.02.2027 bis 21.02.2027'],
    ]);
    expect(document.servicePeriod).toEqual({ start: '2027-02-03', end: '2027-02-21' });
  });
});
