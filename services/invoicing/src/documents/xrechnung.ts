import type { InvoiceDocument } from './model.ts';

/**
 * The XRechnung 3.0 UBL 2.1 XML of a document: `Invoice` (380) or `CreditNote` (381), UTF-8. Deterministic:
 * the same document gives the same bytes.
 */
export function renderXRechnung(_document: InvoiceDocument): string {
  throw new Error('renderXRechnung: not built yet');
}
