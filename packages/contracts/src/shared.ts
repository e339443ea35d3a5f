import { z } from 'zod';

export const Money = z.object({
  amountCents: z.number().int().nonnegative(),
  currency: z.literal('EUR'),
});
export type Money = z.infer<typeof Money>;

export const Participant = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  email: z.email().max(254),
});
export type Participant = z.infer<typeof Participant>;

/** Who made a booking: a partner municipality's API key or the institute's back office. */
export const Booker = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('municipality'), municipalityId: z.string().min(1) }),
  z.object({ kind: z.literal('back-office'), actor: z.string().min(1) }),
]);
export type Booker = z.infer<typeof Booker>;

/** VAT treatment of a fee. Seminars of public training institutes are usually exempt (§ 4 Nr. 22a UStG). */
export const VatTreatment = z.enum(['exempt-4-22a', 'standard-19', 'reduced-7']);
export type VatTreatment = z.infer<typeof VatTreatment>;

/** What a participant is told about the date: enough for a confirmation and a calendar entry. */
export const OfferingSnapshot = z.object({
  seminarId: z.uuid(),
  title: z.string().min(1),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  venue: z.string().min(1),
  /** Online dates: the meeting link, for confirmed participants only. */
  onlineLink: z.url().optional(),
});
export type OfferingSnapshot = z.infer<typeof OfferingSnapshot>;
