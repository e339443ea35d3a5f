/**
 * Calendar days as invoices use them: `YYYY-MM-DD` strings in Europe/Berlin, computed on the proleptic
 * Gregorian calendar in UTC so no time zone or clock change can shift a day. The edge turns instants into
 * days; the domain only ever sees days.
 */

/** The calendar month of a day, `YYYY-MM`: the period of a collective invoice. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The last day of a month `YYYY-MM`. */
export function lastDayOfMonth(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `16.02.2027`: how dates are written on German invoices. */
export function germanDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}
