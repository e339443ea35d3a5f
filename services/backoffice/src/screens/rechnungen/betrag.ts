/**
 * An amount in euros as people in Germany write it: `1.234,50`, `1234,5`, `340`, with or without `€`. Dots only
 * as thousands separators (in groups of three), a comma before at most two cent digits. Anything else (`1,234.50`,
 * `12,345`) is refused rather than guessed: a payment booked a factor 100 wrong is worse than asking again.
 */
const AMOUNT = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;

/** Cents, or null when it is not an amount (or not more than zero). */
export function parseEuroCents(text: string): number | null {
  const compact = text.replace(/\s|\u00a0|€|EUR/gi, '');
  const match = AMOUNT.exec(compact);
  if (!match) return null;
  const [, euros = '', cents = ''] = match;
  const value = Number(euros.replaceAll('.', '')) * 100 + Number(cents.padEnd(2, '0'));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** `34000` → `340,00` (for a form field, without the currency sign). */
export const centsAsInput = (cents: number) =>
  new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100);
