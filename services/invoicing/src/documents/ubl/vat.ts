import type { InvoiceDocument, VatBreakdown, VatCategory } from '../model.ts';
import { amount, formatDecimal } from './amounts.ts';
import { el, text, type XmlElement } from './xml.ts';

/**
 * BG-23 VAT breakdown and BT-110 total, as the document says them: the amounts were calculated (and rounded once
 * per category, BR-CO-17) by the invoicing domain; rendering them again here could only disagree.
 */
export function taxTotal(document: InvoiceDocument): XmlElement {
  return el(
    'cac:TaxTotal',
    amount('cbc:TaxAmount', document.totals.vatCents, document.currency),
    document.vatBreakdown.map((breakdown) => taxSubtotal(breakdown, document.currency)),
  );
}

function taxSubtotal(breakdown: VatBreakdown, currency: string): XmlElement {
  return el(
    'cac:TaxSubtotal',
    amount('cbc:TaxableAmount', breakdown.taxableCents, currency),
    amount('cbc:TaxAmount', breakdown.vatCents, currency),
    el(
      'cac:TaxCategory',
      text('cbc:ID', breakdown.vatCategory),
      text('cbc:Percent', formatDecimal(breakdown.vatRatePercent)),
      // BR-E-10: an exempt category states why, as code (BT-121) and text (BT-120).
      breakdown.exemptionReasonCode !== null && text('cbc:TaxExemptionReasonCode', breakdown.exemptionReasonCode),
      breakdown.exemptionReason !== null && text('cbc:TaxExemptionReason', breakdown.exemptionReason),
      vatScheme(),
    ),
  );
}

/** BG-30 on a line: category and rate (also 0 for exempt lines, BR-E-5). */
export function classifiedTaxCategory(category: VatCategory, ratePercent: number): XmlElement {
  return el('cac:ClassifiedTaxCategory', text('cbc:ID', category), text('cbc:Percent', formatDecimal(ratePercent)), vatScheme());
}

function vatScheme(): XmlElement {
  return el('cac:TaxScheme', text('cbc:ID', 'VAT'));
}
