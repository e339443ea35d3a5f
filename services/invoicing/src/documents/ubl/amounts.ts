import { text, type XmlElement } from './xml.ts';

/**
 * Cents as the decimal UBL expects, always with two decimals (`34000` → `340.00`, `-5` → `-0.05`). EN 16931
 * allows at most two decimals for amounts (BR-DEC-*); whole cents never need rounding here.
 */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`amount must be whole cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  return `${sign}${Math.trunc(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}`;
}

/**
 * A quantity or a VAT rate in plain decimal notation, without trailing zeros (`19`, `7`, `5.5`, `0`): never the
 * exponent notation `String()` gives for very small or large numbers, and without binary noise (0.1 + 0.2).
 */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) throw new Error(`not a decimal for UBL: ${value}`);
  const fixed = value.toFixed(4).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** A UBL amount element: `<cbc:PayableAmount currencyID="EUR">340.00</cbc:PayableAmount>`. */
export function amount(name: string, cents: number, currency: string): XmlElement {
  return text(name, formatAmount(cents), { currencyID: currency });
}
