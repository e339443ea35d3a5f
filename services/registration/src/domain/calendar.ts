const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in the institute's time zone: deadlines and terms count whole days in Lower Saxony. */
export const berlinDate = (instant: Date): string => berlin.format(instant);

/** Whole calendar days from one date (YYYY-MM-DD) to a later one; negative if `to` is earlier. */
export const calendarDaysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
