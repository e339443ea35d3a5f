import type { InvoiceDocument } from './model.ts';
import { amount } from './ubl/amounts.ts';
import { documentLine } from './ubl/lines.ts';
import { buyerParty, sellerParty } from './ubl/parties.ts';
import { taxTotal } from './ubl/vat.ts';
import { el, elWithAttributes, serialize, text, type XmlElement } from './ubl/xml.ts';

/** BT-24: EN 16931 with the German CIUS XRechnung 3.0; validators pick their rule sets by it. */
export const XRECHNUNG_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';
/** BT-23: the Peppol billing process, which XRechnung recommends for UBL. */
export const PEPPOL_BILLING_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NAMESPACES = {
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/**
 * The XRechnung 3.0 UBL 2.1 XML of a document: `Invoice` (380) or `CreditNote` (381), UTF-8. Deterministic:
 * the same document gives the same bytes. It writes what the document says and calculates nothing; the element
 * order is the UBL 2.1 schema's sequence.
 */
export function renderXRechnung(document: InvoiceDocument): string {
  const creditNote = document.kind === 'credit-note';
  const root = creditNote ? 'CreditNote' : 'Invoice';
  const { currency, totals } = document;
  const xml = elWithAttributes(
    root,
    { xmlns: `urn:oasis:names:specification:ubl:schema:xsd:${root}-2`, 'xmlns:cac': NAMESPACES.cac, 'xmlns:cbc': NAMESPACES.cbc },
    text('cbc:CustomizationID', XRECHNUNG_CUSTOMIZATION_ID),
    text('cbc:ProfileID', PEPPOL_BILLING_PROFILE_ID),
    text('cbc:ID', document.number),
    text('cbc:IssueDate', document.issueDate),
    // A UBL 2.1 CreditNote has no DueDate of its own: there BT-9 goes into the payment means (below).
    !creditNote && document.dueDate !== null && text('cbc:DueDate', document.dueDate),
    // A 381 in an Invoice would break BR-CL-01: the kind decides the root and the type code together.
    creditNote ? text('cbc:CreditNoteTypeCode', '381') : text('cbc:InvoiceTypeCode', '380'),
    document.notes.map((note) => text('cbc:Note', note)),
    text('cbc:DocumentCurrencyCode', currency),
    text('cbc:BuyerReference', document.buyerReference),
    el('cac:InvoicePeriod', text('cbc:StartDate', document.servicePeriod.start), text('cbc:EndDate', document.servicePeriod.end)),
    document.purchaseOrderReference !== null && el('cac:OrderReference', text('cbc:ID', document.purchaseOrderReference)),
    document.precedingInvoice !== null &&
      el(
        'cac:BillingReference',
        el(
          'cac:InvoiceDocumentReference',
          text('cbc:ID', document.precedingInvoice.number),
          text('cbc:IssueDate', document.precedingInvoice.issueDate),
        ),
      ),
    sellerParty(document.seller, document.buyer.supplierNumber),
    buyerParty(document.buyer),
    paymentMeans(document),
    el('cac:PaymentTerms', text('cbc:Note', document.payment.terms)),
    taxTotal(document),
    el(
      'cac:LegalMonetaryTotal',
      amount('cbc:LineExtensionAmount', totals.lineNetCents, currency),
      amount('cbc:TaxExclusiveAmount', totals.taxExclusiveCents, currency),
      amount('cbc:TaxInclusiveAmount', totals.taxInclusiveCents, currency),
      amount('cbc:PayableAmount', totals.payableCents, currency),
    ),
    document.lines.map((line) => documentLine(line, document)),
  );
  return serialize(xml);
}

/** BG-16 with BG-17: SEPA credit transfer (58) to the institute's account (BR-DE-23). */
function paymentMeans(document: InvoiceDocument): XmlElement {
  const { payment } = document;
  return el(
    'cac:PaymentMeans',
    text('cbc:PaymentMeansCode', payment.meansCode),
    document.kind === 'credit-note' && document.dueDate !== null && text('cbc:PaymentDueDate', document.dueDate),
    text('cbc:PaymentID', payment.remittanceInformation),
    el(
      'cac:PayeeFinancialAccount',
      text('cbc:ID', payment.iban),
      text('cbc:Name', payment.accountName),
      payment.bic !== null && el('cac:FinancialInstitutionBranch', text('cbc:ID', payment.bic)),
    ),
  );
}
