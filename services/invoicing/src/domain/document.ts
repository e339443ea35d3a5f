import type { Buyer, DocumentLine, InvoiceDocument, Seller, VatBreakdown } from '../documents/model.ts';
import { addDays, germanDate } from './calendar.ts';
import { type VatTreatment, vatCategory } from './money.ts';
import type { ChargeKind } from './position.ts';

/**
 * The invoice or credit note as it is rendered, built from its lines, the seller and the buyer: every amount
 * and text the XML and the PDF say is decided here, once (the document model of src/documents/model.ts is
 * plain data; importing its types keeps this pure).
 */

/** One billed position as it goes on a document, and as an issued document keeps it. */
export interface BillableLine {
  readonly registrationId: string;
  readonly offeringId: string;
  readonly kind: ChargeKind;
  readonly feePercent: number;
  readonly netCents: number;
  readonly vat: VatTreatment;
  readonly title: string;
  readonly participant: string;
  readonly serviceDate: string;
  readonly lastDay: string;
  readonly purchaseOrderReference: string | null;
}

/** A line as issued: the billable line and the name it was printed with. */
export interface IssuedLine extends BillableLine {
  readonly name: string;
}

export interface Totals {
  readonly netCents: number;
  readonly vatCents: number;
  readonly grossCents: number;
}

export const EXEMPTION_REASON = 'Steuerfrei nach § 4 Nr. 22 Buchst. a UStG';
export const EXEMPTION_REASON_CODE = 'VATEX-EU-132-1I';

/** BT-153: what is billed. */
export function lineName(line: Pick<BillableLine, 'kind' | 'feePercent' | 'title'>): string {
  switch (line.kind) {
    case 'fee':
      return `Teilnahmegebühr: ${line.title}`;
    case 'cancellation-fee':
      return `Stornogebühr (${line.feePercent} %): ${line.title}`;
    case 'no-show-fee':
      return `Ausfallgebühr (${line.feePercent} %): ${line.title}`;
  }
}

/** BT-154: who, when, and for fees, why. */
export function lineDescription(line: BillableLine): string {
  const when =
    line.serviceDate === line.lastDay
      ? `Seminar am ${germanDate(line.serviceDate)}`
      : `Seminar vom ${germanDate(line.serviceDate)} bis ${germanDate(line.lastDay)}`;
  const why =
    line.kind === 'cancellation-fee'
      ? ['Abmeldung nach Ablauf der kostenfreien Frist']
      : line.kind === 'no-show-fee'
        ? ['nicht erschienen']
        : [];
  return [...(line.participant ? [`Teilnehmende Person: ${line.participant}`] : []), when, ...why].join('; ');
}

/** Lines in the order documents print them: by date, then name, then registration (stable for credit notes). */
export function inPrintOrder<L extends BillableLine>(lines: readonly L[]): L[] {
  return [...lines].sort(
    (a, b) =>
      a.serviceDate.localeCompare(b.serviceDate) ||
      a.participant.localeCompare(b.participant) ||
      a.registrationId.localeCompare(b.registrationId),
  );
}

export const issuedLines = (lines: readonly BillableLine[]): IssuedLine[] => inPrintOrder(lines).map((l) => ({ ...l, name: lineName(l) }));

/**
 * BG-23: the net amounts summed per VAT category and rate, and the VAT of each sum rounded half up once
 * (EN 16931 BR-CO-17; rounding per line would drift by a cent per line). Exempt first, then by rate.
 */
export function vatBreakdown(lines: readonly Pick<BillableLine, 'netCents' | 'vat'>[]): VatBreakdown[] {
  const sums = new Map<string, { category: 'E' | 'S'; rate: number; taxable: number }>();
  for (const line of lines) {
    const { category, ratePercent } = vatCategory(line.vat);
    const key = `${category}:${ratePercent}`;
    const sum = sums.get(key) ?? { category, rate: ratePercent, taxable: 0 };
    sum.taxable += line.netCents;
    sums.set(key, sum);
  }
  return [...sums.values()]
    .sort((a, b) => (a.category === b.category ? a.rate - b.rate : a.category === 'E' ? -1 : 1))
    .map(({ category, rate, taxable }) => ({
      vatCategory: category,
      vatRatePercent: rate,
      taxableCents: taxable,
      vatCents: Math.floor((taxable * rate + 50) / 100),
      exemptionReason: category === 'E' ? EXEMPTION_REASON : null,
      exemptionReasonCode: category === 'E' ? EXEMPTION_REASON_CODE : null,
    }));
}

export function totalsOf(lines: readonly Pick<BillableLine, 'netCents' | 'vat'>[]): Totals {
  const netCents = lines.reduce((sum, l) => sum + l.netCents, 0);
  const vatCents = vatBreakdown(lines).reduce((sum, b) => sum + b.vatCents, 0);
  return { netCents, vatCents, grossCents: netCents + vatCents };
}

/** BT-13 when every line carries the same reference; otherwise each line says its own (BT-127). */
export function commonPurchaseOrderReference(lines: readonly Pick<BillableLine, 'purchaseOrderReference'>[]): string | null {
  const references = new Set(lines.map((l) => l.purchaseOrderReference));
  const [only] = references;
  return references.size === 1 && only !== undefined ? only : null;
}

export interface DocumentInput {
  readonly kind: 'invoice' | 'credit-note';
  readonly number: string;
  readonly issueDate: string;
  /** Invoices: days to the due date. */
  readonly paymentTermsDays: number;
  readonly seller: Seller;
  readonly account: { readonly iban: string; readonly bic: string | null };
  readonly buyer: Buyer;
  readonly lines: readonly BillableLine[];
  /** Credit notes: the invoice they cancel (BT-25, BT-26), and why. */
  readonly precedingInvoice: { readonly number: string; readonly issueDate: string } | null;
  readonly reason: string | null;
}

export function dueDateOf(issueDate: string, paymentTermsDays: number): string {
  return addDays(issueDate, paymentTermsDays);
}

export function invoiceDocument(input: DocumentInput): InvoiceDocument {
  if (input.lines.length === 0) throw new Error('A document needs at least one line');
  const lines = inPrintOrder(input.lines);
  const purchaseOrderReference = commonPurchaseOrderReference(lines);
  const breakdown = vatBreakdown(lines);
  const totals = totalsOf(lines);
  const isInvoice = input.kind === 'invoice';
  const dueDate = isInvoice ? dueDateOf(input.issueDate, input.paymentTermsDays) : null;
  const days = lines.flatMap((l) => [l.serviceDate, l.lastDay]).sort();
  const preceding = input.precedingInvoice;
  return {
    kind: input.kind,
    number: input.number,
    issueDate: input.issueDate,
    dueDate,
    currency: 'EUR',
    buyerReference: input.buyer.leitwegId,
    purchaseOrderReference,
    precedingInvoice: preceding,
    notes: preceding
      ? [`Stornorechnung zur Rechnung ${preceding.number} vom ${germanDate(preceding.issueDate)}. Grund: ${input.reason ?? 'Storno'}`]
      : [],
    servicePeriod: { start: days[0] as string, end: days.at(-1) as string },
    seller: input.seller,
    buyer: input.buyer,
    payment: {
      meansCode: '58',
      remittanceInformation: input.number,
      iban: input.account.iban,
      accountName: input.seller.name,
      bic: input.account.bic,
      terms: !dueDate
        ? 'Der Betrag wird Ihnen erstattet oder mit offenen Rechnungen verrechnet.'
        : input.paymentTermsDays === 0
          ? `Zahlbar sofort ohne Abzug bis zum ${germanDate(dueDate)}.`
          : `Zahlbar innerhalb von ${input.paymentTermsDays} Tagen ohne Abzug bis zum ${germanDate(dueDate)}.`,
    },
    lines: lines.map((line, i) => documentLine(line, i, purchaseOrderReference)),
    vatBreakdown: breakdown,
    totals: {
      lineNetCents: totals.netCents,
      taxExclusiveCents: totals.netCents,
      vatCents: totals.vatCents,
      taxInclusiveCents: totals.grossCents,
      payableCents: totals.grossCents,
    },
  };
}

function documentLine(line: BillableLine, index: number, documentReference: string | null): DocumentLine {
  const { category, ratePercent } = vatCategory(line.vat);
  const ownReference = documentReference === null && line.purchaseOrderReference !== null;
  return {
    id: String(index + 1),
    name: lineName(line),
    description: lineDescription(line),
    note: ownReference ? `Bestellnummer / Aktenzeichen: ${line.purchaseOrderReference}` : null,
    quantity: 1,
    unitPriceCents: line.netCents,
    netCents: line.netCents,
    vatCategory: category,
    vatRatePercent: ratePercent,
    period: { start: line.serviceDate, end: line.lastDay },
  };
}
