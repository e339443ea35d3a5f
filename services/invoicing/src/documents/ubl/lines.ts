import type { DocumentLine, InvoiceDocument } from '../model.ts';
import { amount, formatDecimal } from './amounts.ts';
import { classifiedTaxCategory } from './vat.ts';
import { el, text, type XmlElement } from './xml.ts';

/** BG-25: `cac:InvoiceLine` with `cbc:InvoicedQuantity`, or in a credit note `cac:CreditNoteLine` with `cbc:CreditedQuantity`. */
export function documentLine(line: DocumentLine, document: InvoiceDocument): XmlElement {
  const [element, quantity] =
    document.kind === 'credit-note' ? ['cac:CreditNoteLine', 'cbc:CreditedQuantity'] : ['cac:InvoiceLine', 'cbc:InvoicedQuantity'];
  return el(
    element,
    text('cbc:ID', line.id),
    line.note !== null && text('cbc:Note', line.note),
    text(quantity, formatDecimal(line.quantity), { unitCode: 'C62' }), // UN/ECE Rec 20 "one"
    amount('cbc:LineExtensionAmount', line.netCents, document.currency),
    el('cac:InvoicePeriod', text('cbc:StartDate', line.period.start), text('cbc:EndDate', line.period.end)),
    el(
      'cac:Item',
      text('cbc:Description', line.description),
      text('cbc:Name', line.name),
      classifiedTaxCategory(line.vatCategory, line.vatRatePercent),
    ),
    el('cac:Price', amount('cbc:PriceAmount', line.unitPriceCents, document.currency)),
  );
}
