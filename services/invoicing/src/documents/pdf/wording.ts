import type { DocumentLine, InvoiceDocument, Seller, VatBreakdown } from '../model.ts';
import { formatDate, formatDecimal, formatIban, formatMoney, formatPercent, formatPeriod } from './format.ts';

/**
 * What the PDF says, in German, decided apart from where it goes on the page: every line of text is made here
 * from the document, the drawing code only places it. § 14 Abs. 4 UStG lists what an invoice must contain;
 * the comments name the number of the item each text serves.
 * https://www.gesetze-im-internet.de/ustg_1980/__14.html
 */

export interface LabelledValue {
  label: string;
  value: string;
}

/** "Rechnung" or, for a credit note (UBL CreditNote 381), "Stornorechnung". */
export function documentTitle(document: InvoiceDocument): string {
  return document.kind === 'credit-note' ? 'Stornorechnung' : 'Rechnung';
}

/** The subject line: "Rechnung RE-2027-00001". */
export function subjectLine(document: InvoiceDocument): string {
  return `${documentTitle(document)} ${document.number}`;
}

/** A credit note names the invoice it cancels (BT-25, BT-26): "zur Rechnung RE-2027-00001 vom 01.03.2027". */
export function precedingInvoiceLine(document: InvoiceDocument): string | null {
  const preceding = document.precedingInvoice;
  return preceding ? `zur Rechnung ${preceding.number} vom ${formatDate(preceding.issueDate)}` : null;
}

export function introduction(document: InvoiceDocument): string {
  return document.kind === 'credit-note' ? 'Wir stornieren die folgenden Positionen:' : 'Für die folgenden Leistungen berechnen wir Ihnen:';
}

/**
 * The information block beside the address: number (Nr. 4), date (Nr. 3), due date, service period (Nr. 6), and
 * the references the municipality needs to route and match the invoice: Leitweg-ID, its order or file
 * reference, our supplier number with it.
 */
export function referenceFields(document: InvoiceDocument): LabelledValue[] {
  const isCreditNote = document.kind === 'credit-note';
  const fields: (LabelledValue | null)[] = [
    { label: isCreditNote ? 'Stornorechnungsnr.' : 'Rechnungsnummer', value: document.number },
    { label: isCreditNote ? 'Datum' : 'Rechnungsdatum', value: formatDate(document.issueDate) },
    document.dueDate ? { label: 'Fällig am', value: formatDate(document.dueDate) } : null,
    ...(document.precedingInvoice
      ? [
          { label: 'Zur Rechnung', value: document.precedingInvoice.number },
          { label: 'Rechnung vom', value: formatDate(document.precedingInvoice.issueDate) },
        ]
      : []),
    { label: 'Leistungszeitraum', value: formatPeriod(document.servicePeriod) },
    { label: 'Leitweg-ID', value: document.buyerReference },
    document.purchaseOrderReference ? { label: 'Bestellnr./Aktenz.', value: document.purchaseOrderReference } : null,
    document.buyer.supplierNumber ? { label: 'Lieferantennr.', value: document.buyer.supplierNumber } : null,
  ];
  return fields.filter((field): field is LabelledValue => field !== null);
}

/** The buyer's address as it shows in the envelope window (Nr. 1); the country only when it is not Germany. */
export function buyerAddressLines(document: InvoiceDocument): string[] {
  const { buyer } = document;
  return [
    buyer.name,
    buyer.department,
    buyer.street,
    `${buyer.postalCode} ${buyer.city}`,
    // DIN 5008 wants a foreign country on the last line; our buyers are German municipalities, so the code will do.
    buyer.country === 'DE' ? null : buyer.country,
  ].filter((line): line is string => Boolean(line));
}

/** The one-line sender above the address (Rücksendeangabe, DIN 5008), so the window shows where it came from. */
export function returnAddressLine(seller: Seller): string {
  return [seller.name, seller.street, `${seller.postalCode} ${seller.city}`].join(' · ');
}

/** Name and address of the institute (Nr. 1), its tax number or VAT id (Nr. 2), and its registration (BT-30). */
export function sellerTaxIds(seller: Seller): string[] {
  return [
    seller.taxNumber ? `Steuernummer ${seller.taxNumber}` : null,
    seller.vatId ? `USt-IdNr. ${seller.vatId}` : null,
    seller.legalRegistrationId ? `Register ${seller.legalRegistrationId}` : null,
  ].filter((id): id is string => id !== null);
}

export function sellerContactLines(seller: Seller): string[] {
  return [`Ansprechpartner: ${seller.contact.name}`, `Telefon ${seller.contact.phone}`, seller.contact.email];
}

export function bankLine(document: InvoiceDocument): string {
  const { payment } = document;
  return [`Bankverbindung: ${payment.accountName}`, `IBAN ${formatIban(payment.iban)}`, payment.bic ? `BIC ${payment.bic}` : null]
    .filter((part): part is string => part !== null)
    .join(' · ');
}

export const tableHeadings = { position: 'Pos.', description: 'Bezeichnung', quantity: 'Menge', vat: 'USt.', amount: 'Betrag' } as const;

/** One row of the lines table: what was supplied (Nr. 5), when (Nr. 6), the rate or exemption (Nr. 8), the net amount. */
export interface LineCells {
  position: string;
  title: string;
  details: string[];
  quantity: string;
  vat: string;
  amount: string;
}

export function lineCells(line: DocumentLine): LineCells {
  const single = line.period.start === line.period.end;
  return {
    position: line.id,
    title: line.name,
    details: [
      line.description,
      `${single ? 'Leistungsdatum' : 'Leistungszeitraum'}: ${formatPeriod(line.period)}`,
      line.quantity === 1 ? null : `Einzelpreis: ${formatMoney(line.unitPriceCents)}`,
      line.note ? `Bestellnr./Aktenzeichen: ${line.note}` : null,
    ].filter((detail): detail is string => Boolean(detail)),
    quantity: formatDecimal(line.quantity),
    vat: vatRateLabel(line),
    amount: formatMoney(line.netCents),
  };
}

/** Net amounts split by rate and exemption, with the tax of each (Nr. 7, Nr. 8), then the totals. */
export interface TotalRow extends LabelledValue {
  emphasis: boolean;
}

export function totalRows(document: InvoiceDocument): TotalRow[] {
  const { totals } = document;
  const rows: TotalRow[] = [
    { label: 'Summe netto', value: formatMoney(totals.taxExclusiveCents), emphasis: false },
    ...document.vatBreakdown.map((breakdown) => ({ ...vatRow(breakdown), emphasis: false })),
    { label: 'Summe Umsatzsteuer', value: formatMoney(totals.vatCents), emphasis: false },
    {
      label: document.kind === 'credit-note' ? 'Betrag der Stornorechnung (brutto)' : 'Gesamtbetrag (brutto)',
      value: formatMoney(totals.taxInclusiveCents),
      emphasis: true,
    },
  ];
  if (totals.payableCents !== totals.taxInclusiveCents) {
    rows.push(
      { label: 'Bereits gezahlt', value: formatMoney(totals.taxInclusiveCents - totals.payableCents), emphasis: false },
      { label: 'Zu zahlen', value: formatMoney(totals.payableCents), emphasis: true },
    );
  }
  return rows;
}

/**
 * The reason for every exemption (Nr. 8: "Hinweis auf eine Steuerbefreiung"), naming the positions it covers
 * when not every line is exempt.
 */
export function exemptionNotes(document: InvoiceDocument): string[] {
  return document.vatBreakdown
    .filter((breakdown) => breakdown.vatCategory === 'E' && breakdown.exemptionReason)
    .map((breakdown) => {
      const covered = document.lines.filter((line) => line.vatCategory === 'E' && line.vatRatePercent === breakdown.vatRatePercent);
      const positions = covered.length === document.lines.length ? '' : ` (Pos. ${covered.map((line) => line.id).join(', ')})`;
      return `${breakdown.exemptionReason}${positions}.`;
    });
}

/** Payment terms (BT-20) and, for an invoice, where to pay it with the number as remittance information. */
export function paymentParagraph(document: InvoiceDocument): { text: string; account: LabelledValue[] } {
  const { payment } = document;
  if (document.kind === 'credit-note') return { text: payment.terms, account: [] };
  return {
    text: `${payment.terms} Bitte überweisen Sie ${formatMoney(document.totals.payableCents)} unter Angabe des Verwendungszwecks auf folgendes Konto:`,
    account: [
      { label: 'Kontoinhaber', value: payment.accountName },
      { label: 'IBAN', value: formatIban(payment.iban) },
      ...(payment.bic ? [{ label: 'BIC', value: payment.bic }] : []),
      { label: 'Verwendungszweck', value: payment.remittanceInformation },
    ],
  };
}

function vatRow(breakdown: VatBreakdown): LabelledValue {
  const base = formatMoney(breakdown.taxableCents);
  return breakdown.vatCategory === 'E'
    ? { label: `Umsatzsteuerfrei auf ${base}`, value: formatMoney(breakdown.vatCents) }
    : { label: `Umsatzsteuer ${formatPercent(breakdown.vatRatePercent)} auf ${base}`, value: formatMoney(breakdown.vatCents) };
}

function vatRateLabel(line: DocumentLine): string {
  return line.vatCategory === 'E' ? 'frei' : formatPercent(line.vatRatePercent);
}
