/** Dates, times and money as people in German administration read them, always in Europe/Berlin. */
const ZONE = 'Europe/Berlin';
const date = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTime = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, dateStyle: 'medium', timeStyle: 'short' });
const euro = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });

/** `2027-03-01` (a day) or an ISO instant → `01.03.2027`. */
export const formatDate = (value: string) => date.format(new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value));
export const formatDateTime = (value: string) => dateTime.format(new Date(value));
export const formatEuro = (cents: number) => euro.format(cents / 100);
export const isoDay = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(d);
