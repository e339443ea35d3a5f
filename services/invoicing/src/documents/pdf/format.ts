/**
 * Numbers and dates as a German reader expects them (DIN 5008): `1.234,56 €`, `01.03.2027`, `19 %`.
 * Written out by hand rather than with `Intl`, so the output does not depend on the ICU data of the Node build
 * and stays byte-for-byte the same wherever the PDF is rendered.
 */

/** Keeps a number and its unit on one line (`340,00 €`, `19 %`). */
export const NO_BREAK_SPACE = '\u00a0';

/** Whole cents as euros: `123456` → `1.234,56 €`, `-500` → `-5,00 €`. */
export function formatMoney(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`formatMoney: ${cents} is not a whole number of cents`);
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = groupThousands(Math.floor(absolute / 100).toString());
  const rest = (absolute % 100).toString().padStart(2, '0');
  return `${sign}${euros},${rest}${NO_BREAK_SPACE}€`;
}

/** `2027-03-01` → `01.03.2027`. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`formatDate: ${isoDate} is not a date YYYY-MM-DD`);
  const [, year, month, day] = match;
  return `${day}.${month}.${year}`;
}

/** One day as itself, several as `16.02.2027 – 25.02.2027`. */
export function formatPeriod(period: { start: string; end: string }): string {
  const start = formatDate(period.start);
  return period.start === period.end ? start : `${start} – ${formatDate(period.end)}`;
}

/** `19` → `19 %`, `5.5` → `5,5 %`. */
export function formatPercent(rate: number): string {
  return `${formatDecimal(rate)}${NO_BREAK_SPACE}%`;
}

/** A quantity: `1`, `2,5`. */
export function formatDecimal(value: number): string {
  return value.toString().replace('.', ',');
}

/** IBAN in groups of four, as printed on forms: `DE02 1203 0000 0000 2020 51`. */
export function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, '')
    .replace(/(.{4})(?=.)/g, '$1 ')
    .toUpperCase();
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}
