import { describe, expect, it } from 'vitest';
import { formatDate, formatDecimal, formatIban, formatMoney, formatPercent, formatPeriod } from './format.ts';

const nbsp = '\u00a0';

describe('German money', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [34_000, '340,00'],
    [123_456, '1.234,56'],
    [100_000_000, '1.000.000,00'],
    [-5_00, '-5,00'],
    [-123_456, '-1.234,56'],
  ])('writes %i cents as %s €', (cents, euros) => expect(formatMoney(cents)).toBe(`${euros}${nbsp}€`));

  it('refuses fractions of a cent, which would hide a rounding error upstream', () => {
    expect(() => formatMoney(12.5)).toThrow(RangeError);
  });
});

describe('German dates', () => {
  it('writes a day as DD.MM.YYYY', () => expect(formatDate('2027-03-01')).toBe('01.03.2027'));
  it('refuses what is not a date', () => expect(() => formatDate('01.03.2027')).toThrow(RangeError));
  it('writes a one-day period as that day', () => expect(formatPeriod({ start: '2027-02-16', end: '2027-02-16' })).toBe('16.02.2027'));
  it('writes a longer period from – to', () =>
    expect(formatPeriod({ start: '2027-02-16', end: '2027-02-25' })).toBe('16.02.2027 – 25.02.2027'));
});

describe('German numbers', () => {
  it('writes a VAT rate with a decimal comma', () => {
    expect(formatPercent(19)).toBe(`19${nbsp}%`);
    expect(formatPercent(5.5)).toBe(`5,5${nbsp}%`);
  });
  it('writes a quantity with a decimal comma', () => expect(formatDecimal(2.5)).toBe('2,5'));
  it('groups an IBAN in fours', () => expect(formatIban('DE02120300000000202051')).toBe('DE02 1203 0000 0000 2020 51'));
});
