import { createHash } from 'node:crypto';
import type { CreditNoteIssued, DataOf, InvoiceIssued } from '@seminarwerk/contracts';
import type { Mailbox } from './mailbox.ts';
import type { MailAttachment, OutgoingMail } from './templates.ts';
import { bodies, closing } from './wording.ts';

type Issued = DataOf<typeof InvoiceIssued>;
type CreditNote = DataOf<typeof CreditNoteIssued>;
type IssuedDocument = Issued['documents'][number];

const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });

/** "340,00 €" */
export const amount = (cents: number) => euro.format(cents / 100);

/** "17.02.2027" from "2027-02-17": a calendar day, so no time zone can move it. */
export const germanDate = (day: string) => day.split('-').reverse().join('.');

/**
 * The invoice goes to the municipality's invoice address (its Rechnungseingang), not to a participant, with the
 * XRechnung and the PDF attached as issued.
 */
export function invoiceMail(data: Issued, institute: Mailbox): OutgoingMail {
  const { number, issueDate, dueDate, totals } = data;
  return {
    template: 'invoice-issued',
    to: invoiceAddress(data),
    subject: `Rechnung ${number} des Studieninstituts`,
    ...bodies([
      'Sehr geehrte Damen und Herren,',
      `anbei erhalten Sie unsere Rechnung ${number} vom ${germanDate(issueDate)} über ${amount(totals.grossCents)}.`,
      [
        `Rechnungsnummer: ${number}`,
        `Rechnungsdatum: ${germanDate(issueDate)}`,
        `Rechnungsbetrag: ${amount(totals.grossCents)}`,
        `Zahlbar bis: ${germanDate(dueDate)}`,
        `Leitweg-ID: ${data.buyer.leitwegId}`,
      ].join('\n'),
      documentsNote(data.documents),
      `Bitte überweisen Sie den Betrag bis zum ${germanDate(dueDate)} unter Angabe der Rechnungsnummer auf das in der Rechnung genannte Konto.`,
      closing(institute.name),
    ]),
    attachments: data.documents.map(attachment),
  };
}

/** A Stornorechnung cancels an invoice sent before; it goes where the invoice went. */
export function creditNoteMail(data: CreditNote, institute: Mailbox): OutgoingMail {
  const { number, issueDate, totals, precedingInvoice } = data;
  return {
    template: 'credit-note-issued',
    to: invoiceAddress(data),
    subject: `Stornorechnung ${number} des Studieninstituts zur Rechnung ${precedingInvoice.number}`,
    ...bodies([
      'Sehr geehrte Damen und Herren,',
      `anbei erhalten Sie unsere Stornorechnung ${number} vom ${germanDate(issueDate)} über ${amount(totals.grossCents)}. Sie storniert unsere Rechnung ${precedingInvoice.number} vom ${germanDate(precedingInvoice.issueDate)}.`,
      [
        `Stornorechnung: ${number}`,
        `Datum: ${germanDate(issueDate)}`,
        `Betrag: ${amount(totals.grossCents)}`,
        `Stornierte Rechnung: ${precedingInvoice.number} vom ${germanDate(precedingInvoice.issueDate)}`,
        `Grund: ${data.reason}`,
        `Leitweg-ID: ${data.buyer.leitwegId}`,
      ].join('\n'),
      documentsNote(data.documents),
      closing(institute.name),
    ]),
    attachments: data.documents.map(attachment),
  };
}

const invoiceAddress = (data: Issued | CreditNote): Mailbox => ({ name: data.buyer.name, address: data.buyer.invoiceEmail });

function documentsNote(documents: readonly IssuedDocument[]): string {
  const named = (kind: IssuedDocument['kind']) => documents.find((d) => d.kind === kind)?.fileName;
  return `Die XRechnung (${named('xrechnung')}) ist die rechtlich maßgebliche Rechnung; bitte verarbeiten Sie diese. Die PDF-Datei (${named('pdf')}) ist eine lesbare Kopie zu Ihrer Information.`;
}

/** The document as the event carries it: its bytes stay in base64 until the mail sender hands them to SMTP. */
const attachment = (document: IssuedDocument): MailAttachment => ({
  filename: document.fileName,
  contentType: document.mediaType,
  content: document.contentBase64,
  encoding: 'base64',
});

/**
 * The first document whose bytes do not match the SHA-256 invoicing recorded at issue, if any. Such a document is
 * not what was issued: sending it would put a different legal invoice in the municipality's books.
 */
export function damagedDocument(documents: readonly IssuedDocument[]): IssuedDocument | undefined {
  return documents.find((d) => createHash('sha256').update(Buffer.from(d.contentBase64, 'base64')).digest('hex') !== d.sha256);
}
