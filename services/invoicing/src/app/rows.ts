import { Prisma } from '../generated/prisma/client.ts';

/** A calendar day `YYYY-MM-DD` as Prisma passes a DATE column (midnight UTC), and back. */
export const day = (value: string): Date => new Date(`${value}T00:00:00.000Z`);
export const dayOf = (value: Date): string => value.toISOString().slice(0, 10);

/** A JSON column's value; SQL NULL (not JSON `null`) for nothing. */
export const json = (value: unknown) => (value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue));

/** Today in Europe/Berlin: invoices are dated, and fall due, by the institute's calendar. */
export function berlinDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
