import { describe, expect, it } from 'vitest';
import { formatAmount, formatDecimal } from './amounts.ts';

describe('formatAmount', () => {
  it.each([
    [34_000, '340.00'],
    [12_345, '123.45'],
    [5, '0.05'],
    [50, '0.50'],
    [0, '0.00'],
    [-5, '-0.05'],
    [-12_345, '-123.45'],
    [123_456_789_012, '1234567890.12'],
  ])('writes %i cents as %s', (cents, expected) => {
    expect(formatAmount(cents)).toBe(expected);
  });

  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])('refuses %d, which is not a whole number of cents', (cents) => {
    expect(() => formatAmount(cents)).toThrow(/whole cents/);
  });
});

describe('formatDecimal', () => {
  it.each([
    [19, '19'],
    [7, '7'],
    [0, '0'],
    [-0, '0'],
    [5.5, '5.5'],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0'],
    [100, '100'],
    [2.125, '2.125'],
  ])('writes %d as %s', (value, expected) => {
    expect(formatDecimal(value)).toBe(expected);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e21])('refuses %d', (value) => {
    expect(() => formatDecimal(value)).toThrow();
  });
});
