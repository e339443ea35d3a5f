import { describe, expect, it } from 'vitest';
import { collective, creditNote, everyKindOfDocument } from './samples.fixtures.ts';
import { renderXRechnung } from './xrechnung.ts';

/** The same document with every object's keys in reverse order: the renderer must not depend on them. */
function reordered<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reordered) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, v]) => [key, reordered(v)]),
    ) as T;
  }
  return value;
}

describe('renderXRechnung', () => {
  it.each(Object.entries(everyKindOfDocument))('gives the same bytes for the same %s, however it was built', (_, document) => {
    const first = renderXRechnung(document);

    expect(renderXRechnung(document)).toBe(first);
    expect(renderXRechnung(structuredClone(document))).toBe(first);
    expect(renderXRechnung(reordered(document))).toBe(first);
  });

  it('writes amounts with two decimals and the VAT the document states, per category', () => {
    const xml = renderXRechnung(collective);

    expect(xml).toContain('<cbc:TaxAmount currencyID="EUR">27.64</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:TaxableAmount currencyID="EUR">123.45</cbc:TaxableAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="EUR">8.64</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">1121.08</cbc:PayableAmount>');
  });

  it('states why exempt lines carry no VAT (BR-E-10)', () => {
    const xml = renderXRechnung(collective);

    expect(xml).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-132-1I</cbc:TaxExemptionReasonCode>');
    expect(xml).toContain('<cbc:TaxExemptionReason>Steuerfrei nach § 4 Nr. 22 Buchst. a UStG</cbc:TaxExemptionReason>');
  });

  it('gives a credit note no due date of an invoice', () => {
    expect(renderXRechnung(creditNote)).not.toContain('DueDate');
  });
});
