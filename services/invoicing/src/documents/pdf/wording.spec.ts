import { describe, expect, it } from 'vitest';
import { collective, creditNote, singleExempt, singleStandardRated } from '../samples.fixtures.ts';
import { exemptionNotes, lineCells, paymentParagraph, precedingInvoiceLine, referenceFields, subjectLine, totalRows } from './wording.ts';

const plain = (text: string) => text.replaceAll('\u00a0', ' ');
const fields = (document: typeof singleExempt) => Object.fromEntries(referenceFields(document).map((field) => [field.label, field.value]));

describe('what the invoice says', () => {
  it('is titled Rechnung with its number', () => expect(subjectLine(singleExempt)).toBe('Rechnung RE-2027-00001'));

  it('gives the municipality the references it routes and matches invoices by', () => {
    expect(fields(singleExempt)).toEqual({
      Rechnungsnummer: 'RE-2027-00001',
      Rechnungsdatum: '01.03.2027',
      'Fällig am': '31.03.2027',
      Leistungszeitraum: '16.02.2027',
      'Leitweg-ID': '03403000-57',
      'Bestellnr./Aktenz.': 'AZ 11-04/2027',
      'Lieferantennr.': 'K-100423',
    });
  });

  it('leaves out a purchase order reference the municipality did not give', () =>
    expect(fields(singleStandardRated)).not.toHaveProperty('Bestellnr./Aktenz.'));

  it('shows a line with what, who, when, the rate and the net amount', () => {
    expect(lineCells(collective.lines[3]!)).toEqual({
      position: '4',
      title: 'Teilnahmegebühr: Arbeitshilfe Barrierefreiheit',
      details: ['Teilnehmer: Lars Brandt; Seminar am 24.02.2027', 'Leistungsdatum: 24.02.2027'],
      quantity: '1',
      vat: '7\u00a0%',
      amount: '123,45\u00a0€',
    });
    expect(lineCells(collective.lines[0]!).vat).toBe('frei');
  });

  it('breaks the totals down by rate and exemption', () => {
    expect(totalRows(collective).map((row) => plain(`${row.label}: ${row.value}`))).toEqual([
      'Summe netto: 1.093,44 €',
      'Umsatzsteuerfrei auf 870,00 €: 0,00 €',
      'Umsatzsteuer 7 % auf 123,45 €: 8,64 €',
      'Umsatzsteuer 19 % auf 99,99 €: 19,00 €',
      'Summe Umsatzsteuer: 27,64 €',
      'Gesamtbetrag (brutto): 1.121,08 €',
    ]);
  });

  it('names the exempt positions when only some are exempt, and none when all are', () => {
    expect(exemptionNotes(collective)).toEqual(['Steuerfrei nach § 4 Nr. 22 Buchst. a UStG (Pos. 1, 2, 3).']);
    expect(exemptionNotes(singleExempt)).toEqual(['Steuerfrei nach § 4 Nr. 22 Buchst. a UStG.']);
    expect(exemptionNotes(singleStandardRated)).toEqual([]);
  });

  it('asks for payment to the account with the invoice number as remittance information', () => {
    const { text, account } = paymentParagraph(singleStandardRated);
    expect(plain(text)).toContain('Bitte überweisen Sie 345,10 €');
    expect(account).toContainEqual({ label: 'IBAN', value: 'DE02 1203 0000 0000 2020 51' });
    expect(account).toContainEqual({ label: 'Verwendungszweck', value: 'RE-2027-00002' });
  });
});

describe('what the Stornorechnung says', () => {
  it('is titled Stornorechnung and names the invoice it cancels with its date', () => {
    expect(subjectLine(creditNote)).toBe('Stornorechnung ST-2027-00001');
    expect(precedingInvoiceLine(creditNote)).toBe('zur Rechnung RE-2027-00001 vom 01.03.2027');
    expect(fields(creditNote)).toMatchObject({ 'Zur Rechnung': 'RE-2027-00001', 'Rechnung vom': '01.03.2027' });
  });

  it('has no due date and asks for no transfer', () => {
    expect(fields(creditNote)).not.toHaveProperty('Fällig am');
    expect(paymentParagraph(creditNote).account).toEqual([]);
  });
});
