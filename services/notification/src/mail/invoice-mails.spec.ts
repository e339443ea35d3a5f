import { describe, expect, it } from 'vitest';
import { creditNoteIssued, documentsOf, invoiceIssued } from '../../test/invoices.ts';
import { amount, creditNoteMail, damagedDocument, germanDate, invoiceMail } from './invoice-mails.ts';

const institute = { name: 'Studieninstitut (Demo)', address: 'seminare@studieninstitut.example' };

describe('the invoice mail', () => {
  const data = invoiceIssued('RE-2027-00001');
  const mail = invoiceMail(data, institute);

  it("goes to the municipality's invoice address, in German, naming number, date, amount and due date", () => {
    expect(mail).toMatchObject({ template: 'invoice-issued', subject: 'Rechnung RE-2027-00001 des Studieninstituts' });
    expect(mail.to).toEqual({ name: 'Stadt Oldenburg (Oldb)', address: data.buyer.invoiceEmail });
    expect(mail.text).toContain('anbei erhalten Sie unsere Rechnung RE-2027-00001 vom 17.02.2027 über 340,00\u00a0€.');
    expect(mail.text).toContain('Zahlbar bis: 19.03.2027');
    expect(mail.text).toContain('Leitweg-ID: 03403000-57');
    expect(mail.text).toContain('Die XRechnung (RE-2027-00001.xml) ist die rechtlich maßgebliche Rechnung');
    expect(mail.text).toContain('Die PDF-Datei (RE-2027-00001.pdf) ist eine lesbare Kopie');
    expect(mail.html).toContain('<p>anbei erhalten Sie unsere Rechnung RE-2027-00001');
  });

  it('attaches both documents as the event carries them, in base64', () => {
    expect(mail.attachments).toEqual([
      { filename: 'RE-2027-00001.xml', contentType: 'application/xml', content: data.documents[0]?.contentBase64, encoding: 'base64' },
      { filename: 'RE-2027-00001.pdf', contentType: 'application/pdf', content: data.documents[1]?.contentBase64, encoding: 'base64' },
    ]);
  });
});

describe('the Stornorechnung mail', () => {
  it("names the credit note and the invoice it cancels, with the original's number and date and the reason", () => {
    const mail = creditNoteMail(creditNoteIssued('RE-2027-00002', { invoiceId: crypto.randomUUID(), number: 'RE-2027-00001' }), institute);
    expect(mail).toMatchObject({
      template: 'credit-note-issued',
      subject: 'Stornorechnung RE-2027-00002 des Studieninstituts zur Rechnung RE-2027-00001',
    });
    expect(mail.text).toContain('Sie storniert unsere Rechnung RE-2027-00001 vom 17.02.2027.');
    expect(mail.text).toContain('Grund: Rechnungsanschrift war falsch');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['RE-2027-00002.xml', 'RE-2027-00002.pdf']);
  });
});

it('finds a document whose bytes do not match its recorded SHA-256', () => {
  const { documents } = documentsOf('RE-2027-00003');
  expect(damagedDocument(documents)).toBeUndefined();
  const [xml, pdf] = documents;
  const changed = { ...(xml as NonNullable<typeof xml>), contentBase64: Buffer.from('<Invoice/>').toString('base64') };
  expect(damagedDocument([changed, pdf as NonNullable<typeof pdf>])).toBe(changed);
});

it('writes amounts and days the German way', () => {
  expect(amount(123456)).toBe('1.234,56\u00a0€');
  expect(germanDate('2027-01-05')).toBe('05.01.2027');
});
