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
 * § 4 Nr. 22a UStG (decision 17). The list is also a CHECK constraint on `positions.vat`.
 */
export const VAT_TREATMENTS = ['exempt-4-22a', 'standard-19', 'reduced-7'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

/** EN 16931 VAT category (UNTDID 5305) and rate of a treatment: `E` exempt at 0 %, `S` standard rated. */
export function vatCategory(vat: VatTreatment): { readonly category: 'E' | 'S'; readonly ratePercent: number } {
  switch (vat) {
    case 'exempt-4-22a':
      return { category: 'E', ratePercent: 0 };
    case 'standard-19':
      return { category: 'S', ratePercent: 19 };
    case 'reduced-7':
      return { category: 'S', ratePercent: 7 };
  }
}

/** `cents × percent / 100`, rounded half up to the cent (EN 16931 rounds amounts commercially). */
export const percentOf = (cents: number, percent: number): number => Math.floor((cents * percent + 50) / 100);
