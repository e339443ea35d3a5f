import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CreditNoteIssued, type DataOf, InvoiceIssued } from '@seminarwerk/contracts';

/**
 * Invoice events as invoicing publishes them, with documents whose bytes no text handling survives: the XML has a
 * byte-order mark, CRLF line ends and non-ASCII text; the PDF has bytes that are not valid UTF-8.
 */
export function documentsOf(number: string) {
  const xml = Buffer.from(
    `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">\r\n` +
      `  <cbc:ID xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">${number}</cbc:ID>\r\n` +
      '  <Note>Teilnahmegebühr „Pressearbeit“ – Straße, 340,00 €</Note>\r\n</Invoice>\r\n',
  );
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n%'),
    Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a]),
    randomBytes(48 * 1024),
    Buffer.from('\n%%EOF\n'),
  ]);
  const document = (kind: 'xrechnung' | 'pdf', bytes: Buffer) => ({
    kind,
    fileName: `${number}.${kind === 'xrechnung' ? 'xml' : 'pdf'}`,
    mediaType: kind === 'xrechnung' ? ('application/xml' as const) : ('application/pdf' as const),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    contentBase64: bytes.toString('base64'),
  });
  return { xml, pdf, documents: [document('xrechnung', xml), document('pdf', pdf)] };
}

const buyer = (invoiceEmail: string) => ({
  name: 'Stadt Oldenburg (Oldb)',
  leitwegId: '03403000-57',
  invoiceEmail,
  address: {
    department: 'Fachdienst Personal und Organisation',
    street: 'Markt 1',
    postalCode: '26122',
    city: 'Oldenburg (Oldb)',
    country: 'DE',
  },
});

const line = {
  registrationId: randomUUID(),
  offeringId: randomUUID(),
  kind: 'fee' as const,
  description: 'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen',
  netCents: 34000,
  vat: 'exempt-4-22a' as const,
};

export function invoiceIssued(number: string, more: Partial<DataOf<typeof InvoiceIssued>> = {}) {
  const { documents } = documentsOf(number);
  return InvoiceIssued.data.parse({
    invoiceId: randomUUID(),
    number,
    issueDate: '2027-02-17',
    dueDate: '2027-03-19',
    municipalityId: 'oldenburg',
    buyer: buyer(`rechnungseingang+${randomUUID().slice(0, 8)}@oldenburg.example`),
    lines: [line],
    totals: { netCents: 34000, vatCents: 0, grossCents: 34000, currency: 'EUR' },
    documents,
    ...more,
  });
}

export function creditNoteIssued(number: string, preceding: { invoiceId: string; number: string }) {
  const { documents } = documentsOf(number);
  return CreditNoteIssued.data.parse({
    invoiceId: randomUUID(),
    number,
    issueDate: '2027-03-05',
    municipalityId: 'oldenburg',
    buyer: buyer(`rechnungseingang+${randomUUID().slice(0, 8)}@oldenburg.example`),
    lines: [line],
    totals: { netCents: 34000, vatCents: 0, grossCents: 34000, currency: 'EUR' },
    documents,
    precedingInvoice: { ...preceding, issueDate: '2027-02-17' },
    reason: 'Rechnungsanschrift war falsch',
  });
}
