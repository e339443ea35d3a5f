/**
 * One invoice or credit note as it is rendered: everything the XRechnung XML (the legal invoice) and the PDF
 * (the same content for people) say, already decided and calculated. Amounts are whole cents, dates
 * `YYYY-MM-DD` in Europe/Berlin. Business terms (BT-/BG-) are those of EN 16931-1; the XRechnung 3.0 CIUS
 * adds BR-DE rules (seller contact, Leitweg-ID in BT-10, seller electronic address).
 */
export interface InvoiceDocument {
  /** `invoice`: UBL `Invoice`, type code 380. `credit-note`: UBL `CreditNote`, type code 381 (Stornorechnung). */
  kind: 'invoice' | 'credit-note';
  /** BT-1, e.g. `RE-2027-00001`, `ST-2027-00001`. */
  number: string;
  /** BT-2. */
  issueDate: string;
  /** BT-9, invoices only (a credit note is not paid by the buyer). */
  dueDate: string | null;
  /** BT-5. */
  currency: 'EUR';
  /** BT-10: the buyer's Leitweg-ID (BR-DE-15). */
  buyerReference: string;
  /** BT-13: the municipality's purchase order or file reference (Bestellnummer / Aktenzeichen), if it gave one. */
  purchaseOrderReference: string | null;
  /** BG-3 (BT-25, BT-26): the invoice a credit note cancels. */
  precedingInvoice: { number: string; issueDate: string } | null;
  /** BT-22: free text for the buyer, e.g. the reason of a cancellation. */
  notes: string[];
  /** BG-14: the period the seminars took place in (first and last service day of the lines). */
  servicePeriod: { start: string; end: string };
  seller: Seller;
  buyer: Buyer;
  payment: PaymentInstructions;
  lines: DocumentLine[];
  /** BG-23, one entry per VAT category and rate, in the order: exempt first, then by rate. */
  vatBreakdown: VatBreakdown[];
  totals: DocumentTotals;
}

export interface PostalAddress {
  street: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. `DE`. */
  country: string;
}

/** BG-4: the institute, from configuration. */
export interface Seller extends PostalAddress {
  /** BT-27. */
  name: string;
  /** BT-32 (Steuernummer, scheme `FC`); at least one of taxNumber and vatId. */
  taxNumber: string | null;
  /**
   * BT-30: the institute's legal registration, e.g. its entry in the register of associations (`VR 200123`).
   * EN 16931 BR-CO-26 wants BT-29, BT-30 or BT-31; BT-29 comes from the customer's supplier number and is often
   * missing, so an institute without a VAT id needs this one.
   */
  legalRegistrationId: string | null;
  /** BT-31 (USt-IdNr., scheme `VAT`). */
  vatId: string | null;
  /** BT-34 with scheme `EM`: the seller's electronic address (required by XRechnung 3.0). */
  electronicAddress: string;
  /** BG-6 (BR-DE-2): BT-41 name, BT-42 phone, BT-43 e-mail. */
  contact: { name: string; phone: string; email: string };
}

/** BG-7: the municipality, from the customer record. */
export interface Buyer extends PostalAddress {
  /** BT-44. */
  name: string;
  /** Second address line (BT-51), e.g. the billing department. */
  department: string | null;
  /** BT-49 with scheme `0204`: the Leitweg-ID again, as the buyer's electronic address. */
  leitwegId: string;
  /** Our supplier number at the municipality (Kreditorennummer), if it gave one: the seller identifier BT-29. */
  supplierNumber: string | null;
}

/** BG-16: SEPA credit transfer (means code 58) to the institute's account, and the payment terms (BT-20). */
export interface PaymentInstructions {
  meansCode: '58';
  /** BT-83: what the buyer writes on the transfer, the invoice number. */
  remittanceInformation: string;
  /** BT-84, BT-85, BT-86. */
  iban: string;
  accountName: string;
  bic: string | null;
  /** BT-20, e.g. "Zahlbar innerhalb von 30 Tagen ohne Abzug bis zum 15.03.2027." */
  terms: string;
}

/** VAT categories of EN 16931 (UNTDID 5305) that seminar fees use: `E` exempt, `S` standard rated (19 % or 7 %). */
export type VatCategory = 'E' | 'S';

/** BG-25: one participant's fee, or a cancellation or no-show fee, as one line. */
export interface DocumentLine {
  /** BT-126, `1`, `2`, … */
  id: string;
  /** BT-153: e.g. "Teilnahmegebühr: Professionelle Pressearbeit für Kommunen". */
  name: string;
  /** BT-154: the participant, the date and, for fees, the terms applied. */
  description: string;
  /** BT-127: the line's purchase order reference when it differs from the document's. */
  note: string | null;
  /** BT-129 with unit code `C62` (one); always 1 here. */
  quantity: number;
  /** BT-146, net, in cents. */
  unitPriceCents: number;
  /** BT-131 = quantity × unit price. */
  netCents: number;
  /** BG-30: BT-151 category and BT-152 rate. */
  vatCategory: VatCategory;
  vatRatePercent: number;
  /** BG-26: the seminar's day(s). */
  period: { start: string; end: string };
}

/** BG-23. */
export interface VatBreakdown {
  vatCategory: VatCategory;
  vatRatePercent: number;
  /** BT-116: the sum of the net amounts of the lines in this category and rate. */
  taxableCents: number;
  /** BT-117: taxable × rate, rounded half up to the cent once per category (EN 16931 BR-CO-17). */
  vatCents: number;
  /** BT-120 / BT-121 for category `E`: "Steuerfrei nach § 4 Nr. 22 Buchst. a UStG", `VATEX-EU-132-1I`. */
  exemptionReason: string | null;
  exemptionReasonCode: string | null;
}

/** BG-22. */
export interface DocumentTotals {
  /** BT-106: sum of line net amounts. */
  lineNetCents: number;
  /** BT-109 (no document-level allowances or charges, so equal to BT-106). */
  taxExclusiveCents: number;
  /** BT-110. */
  vatCents: number;
  /** BT-112. */
  taxInclusiveCents: number;
  /** BT-115: what is to be paid (BR-CO-16: BT-112 − BT-113 prepaid, which is 0 here). */
  payableCents: number;
}
