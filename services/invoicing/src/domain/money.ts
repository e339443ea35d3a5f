/**
 * Money and VAT as invoicing stores them. Declared here, not taken from the public contracts, so that a
 * change of an API or event schema cannot silently change what the invoice streams hold (mapped in
 * src/messaging).
 */
export interface Money {
  readonly amountCents: number;
  readonly currency: 'EUR';
}

/**
 * How VAT applies to a fee. Seminars of public training institutes are usually exempt under
 * § 4 Nr. 22a UStG (decision 17). The list is also a CHECK constraint on `invoices.vat`.
 */
export const VAT_TREATMENTS = ['exempt-4-22a', 'standard-19', 'reduced-7'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];
