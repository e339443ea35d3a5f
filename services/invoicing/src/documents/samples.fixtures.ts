import type { Buyer, DocumentLine, InvoiceDocument, Seller, VatBreakdown, VatCategory } from './model.ts';

/**
 * One document of every kind the institute sends, built by hand from the demo data, for the renderers' tests
 * and the benchmark. The amounts are worked out here, not by the code under test.
 */
export const demoSeller: Seller = {
  name: 'Studieninstitut für kommunale Verwaltung (Demo)',
  street: 'Musterstraße 1',
  postalCode: '26121',
  city: 'Oldenburg (Oldb)',
  country: 'DE',
  taxNumber: '64/123/45678',
  vatId: null,
  legalRegistrationId: 'VR 200123',
  electronicAddress: 'seminare@studieninstitut.example',
  contact: { name: 'Rechnungsstelle', phone: '+49 441 000000', email: 'seminare@studieninstitut.example' },
};

export const oldenburg: Buyer = {
  name: 'Stadt Oldenburg (Oldb)',
  department: 'Fachdienst Personal und Organisation',
  street: 'Markt 1',
  postalCode: '26122',
  city: 'Oldenburg (Oldb)',
  country: 'DE',
  leitwegId: '03403000-57',
  supplierNumber: 'K-100423',
};

const exempt: { vatCategory: VatCategory; vatRatePercent: number } = { vatCategory: 'E', vatRatePercent: 0 };
const exemptBreakdown = (taxableCents: number): VatBreakdown => ({
  ...exempt,
  taxableCents,
  vatCents: 0,
  exemptionReason: 'Steuerfrei nach § 4 Nr. 22 Buchst. a UStG',
  exemptionReasonCode: 'VATEX-EU-132-1I',
});

function line(id: string, name: string, description: string, cents: number, day: string, vat = exempt): DocumentLine {
  return {
    id,
    name,
    description,
    note: null,
    quantity: 1,
    unitPriceCents: cents,
    netCents: cents,
    ...vat,
    period: { start: day, end: day },
  };
}

function document(overrides: Partial<InvoiceDocument> & Pick<InvoiceDocument, 'number' | 'lines' | 'vatBreakdown'>): InvoiceDocument {
  const net = overrides.lines.reduce((sum, l) => sum + l.netCents, 0);
  const vat = overrides.vatBreakdown.reduce((sum, b) => sum + b.vatCents, 0);
  const days = overrides.lines.flatMap((l) => [l.period.start, l.period.end]).sort();
  return {
    kind: 'invoice',
    issueDate: '2027-03-01',
    dueDate: '2027-03-31',
    currency: 'EUR',
    buyerReference: oldenburg.leitwegId,
    purchaseOrderReference: null,
    precedingInvoice: null,
    notes: [],
    servicePeriod: { start: days[0] as string, end: days.at(-1) as string },
    seller: demoSeller,
    buyer: oldenburg,
    payment: {
      meansCode: '58',
      remittanceInformation: overrides.number,
      iban: 'DE02120300000000202051',
      accountName: demoSeller.name,
      bic: 'BYLADEM1001',
      terms: 'Zahlbar innerhalb von 30 Tagen ohne Abzug bis zum 31.03.2027.',
    },
    totals: { lineNetCents: net, taxExclusiveCents: net, vatCents: vat, taxInclusiveCents: net + vat, payableCents: net + vat },
    ...overrides,
  };
}

/** One participant, VAT-exempt (§ 4 Nr. 22a UStG), with a purchase order reference. */
export const singleExempt = document({
  number: 'RE-2027-00001',
  purchaseOrderReference: 'AZ 11-04/2027',
  lines: [
    line(
      '1',
      'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen',
      'Teilnehmerin: Anna Meyer; Seminar am 16.02.2027',
      34_000,
      '2027-02-16',
    ),
  ],
  vatBreakdown: [exemptBreakdown(34_000)],
});

/** One participant of a seminar taxed at 19 %: 290.00 + 55.10 VAT. */
export const singleStandardRated = document({
  number: 'RE-2027-00002',
  lines: [
    line(
      '1',
      'Teilnahmegebühr: KI in der Verwaltung – Praxisworkshop',
      'Teilnehmer: Jörg Schäfer; Seminar am 02.02.2027',
      29_000,
      '2027-02-02',
      { vatCategory: 'S', vatRatePercent: 19 },
    ),
  ],
  vatBreakdown: [
    { vatCategory: 'S', vatRatePercent: 19, taxableCents: 29_000, vatCents: 5_510, exemptionReason: null, exemptionReasonCode: null },
  ],
});

/**
 * A municipality's collective invoice for February: three exempt lines and one at 7 % and one at 19 %, whose VAT
 * is rounded once per category (7 % of 123.45 = 8.6415 → 8.64; 19 % of 99.99 = 18.9981 → 19.00).
 */
export const collective = document({
  number: 'RE-2027-00003',
  lines: [
    line(
      '1',
      'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen',
      'Teilnehmerin: Anna Meyer; Seminar am 16.02.2027',
      34_000,
      '2027-02-16',
    ),
    line(
      '2',
      'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen',
      'Teilnehmer: Ömer Yıldız; Seminar am 16.02.2027',
      34_000,
      '2027-02-16',
    ),
    line('3', 'Teilnahmegebühr: Wahlen organisieren', 'Teilnehmerin: Grete Möller; Seminar am 23.02.2027', 19_000, '2027-02-23'),
    line('4', 'Teilnahmegebühr: Arbeitshilfe Barrierefreiheit', 'Teilnehmer: Lars Brandt; Seminar am 24.02.2027', 12_345, '2027-02-24', {
      vatCategory: 'S',
      vatRatePercent: 7,
    }),
    line(
      '5',
      'Teilnahmegebühr: KI in der Verwaltung – Praxisworkshop',
      'Teilnehmer: Jörg Schäfer; Seminar am 25.02.2027',
      9_999,
      '2027-02-25',
      {
        vatCategory: 'S',
        vatRatePercent: 19,
      },
    ),
  ],
  vatBreakdown: [
    exemptBreakdown(87_000),
    { vatCategory: 'S', vatRatePercent: 7, taxableCents: 12_345, vatCents: 864, exemptionReason: null, exemptionReasonCode: null },
    { vatCategory: 'S', vatRatePercent: 19, taxableCents: 9_999, vatCents: 1_900, exemptionReason: null, exemptionReasonCode: null },
  ],
});

/** A late cancellation: 50 % of 340.00 by the seminar's cancellation terms. */
export const lateCancellationFee = document({
  number: 'RE-2027-00004',
  lines: [
    line(
      '1',
      'Stornogebühr (50 %): Professionelle Pressearbeit für Kommunen',
      'Teilnehmerin: Anna Meyer; Seminar am 16.02.2027; Abmeldung nach Ablauf der kostenfreien Frist',
      17_000,
      '2027-02-16',
    ),
  ],
  vatBreakdown: [exemptBreakdown(17_000)],
});

/** A no-show: 100 % of 190.00. */
export const noShowFee = document({
  number: 'RE-2027-00005',
  lines: [
    line(
      '1',
      'Ausfallgebühr (100 %): Wahlen organisieren',
      'Teilnehmerin: Grete Möller; Seminar am 23.02.2027; nicht erschienen',
      19_000,
      '2027-02-23',
    ),
  ],
  vatBreakdown: [exemptBreakdown(19_000)],
});

/** The Stornorechnung of `singleExempt`: the same line, referring to the original's number and date. */
export const creditNote = document({
  kind: 'credit-note',
  number: 'ST-2027-00001',
  issueDate: '2027-03-05',
  dueDate: null,
  precedingInvoice: { number: singleExempt.number, issueDate: singleExempt.issueDate },
  notes: ['Stornorechnung zur Rechnung RE-2027-00001 vom 01.03.2027. Grund: Abmeldung innerhalb der kostenfreien Frist.'],
  payment: {
    ...singleExempt.payment,
    remittanceInformation: 'ST-2027-00001',
    terms: 'Der Betrag wird Ihnen erstattet oder mit offenen Rechnungen verrechnet.',
  },
  lines: singleExempt.lines,
  vatBreakdown: singleExempt.vatBreakdown,
});

export const everyKindOfDocument = { singleExempt, singleStandardRated, collective, lateCancellationFee, noShowFee, creditNote };
