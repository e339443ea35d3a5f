import { z } from '@hono/zod-openapi';
import { CancellationTerms } from '../catalogue.ts';
import { VatTreatment } from '../shared.ts';

const defaultTerms: CancellationTerms = {
  freeUntilDaysBefore: 14,
  lateCancellationFeePercent: 50,
  noShowFeePercent: 100,
  substituteAllowed: true,
};

export const SeminarInput = z
  .object({
    title: z.string().trim().min(1).max(200),
    topic: z.string().trim().min(1).max(100),
    summary: z.string().max(2000).default(''),
    description: z.string().max(20000).default(''),
    audience: z.string().max(1000).default(''),
    lecturers: z.array(z.string().min(1).max(200)).max(20).default([]),
    feeCents: z.number().int().min(0).openapi({ example: 34000 }),
    vat: VatTreatment.default('exempt-4-22a'),
    cancellationTerms: CancellationTerms.default(defaultTerms),
    status: z
      .enum(['draft', 'published'])
      .default('published')
      .openapi({ description: '`draft`: not public, and its dates cannot be published, until the seminar is published' }),
  })
  .openapi('SeminarInput');
export type SeminarInput = z.infer<typeof SeminarInput>;

export const SeminarStatus = z.enum(['draft', 'published', 'cancelled']);

export const Seminar = SeminarInput.extend({
  id: z.uuid(),
  status: SeminarStatus.openapi({ description: '`cancelled`: called off with all its dates; it stays readable by id' }),
  createdAt: z.iso.datetime({ offset: true }),
}).openapi('Seminar');
export type Seminar = z.infer<typeof Seminar>;

/**
 * A partial update of a seminar (JSON merge): the fields given replace the current ones. At least one field;
 * unknown fields are refused by name.
 */
const seminarFields = {
  title: z.string().trim().min(1).max(200),
  topic: z.string().trim().min(1).max(100),
  summary: z.string().max(2000),
  description: z.string().max(20000),
  audience: z.string().max(1000),
  lecturers: z.array(z.string().min(1).max(200)).max(20),
  feeCents: z.number().int().min(0),
  vat: VatTreatment,
  cancellationTerms: CancellationTerms,
};
export const seminarPatchFields = Object.keys(seminarFields) as (keyof typeof seminarFields)[];

const statusOperations = (what: string) => `is not changed by an update: use POST /v1/${what}/{id}/publish or /cancel`;

/**
 * The rules of a JSON merge body: at least one field, and every field known by name (a status names the
 * operations that change it).
 */
const patchOf = (fields: Record<string, unknown>, noun: string, path: string) => (patch: object, ctx: z.RefinementCtx) => {
  const keys = Object.keys(patch);
  for (const key of keys) {
    if (key === 'status') ctx.addIssue({ code: 'custom', path: [key], message: statusOperations(path) });
    else if (!(key in fields)) ctx.addIssue({ code: 'custom', path: [key], message: `is not a field of ${noun}` });
  }
  if (keys.length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'must change at least one field' });
};

export const SeminarPatch = z
  .looseObject(seminarFields)
  .partial()
  .superRefine(patchOf(seminarFields, 'a seminar', 'seminars'))
  .openapi('SeminarPatch');
export type SeminarPatch = z.infer<typeof SeminarPatch>;

/** Calling off a seminar calls off every date of it that is not cancelled yet, with the same reason. */
export const SeminarCancellationInput = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ example: 'Das Seminar wird nicht mehr angeboten' }) })
  .openapi('SeminarCancellationInput');
export type SeminarCancellationInput = z.infer<typeof SeminarCancellationInput>;

// Cross-field rules of a date. They hold vacuously while a field is missing or malformed: that field
// already has its own error, and a second one ("endsAt must be after startsAt") would only mislead.
const instant = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number.NaN);
const endsAfterStart = (o: { startsAt: string; endsAt: string }) => {
  const [start, end] = [instant(o.startsAt), instant(o.endsAt)];
  return Number.isNaN(start) || Number.isNaN(end) || end > start;
};
/** The deadline is the last day to register, so it may be the start day itself, not later. */
const deadlineNotAfterStart = (o: { startsAt: string; registrationDeadline?: string }) => {
  if (o.registrationDeadline === undefined) return true;
  const [start, deadline] = [instant(o.startsAt), instant(`${o.registrationDeadline}T00:00:00Z`)];
  return Number.isNaN(start) || Number.isNaN(deadline) || deadline <= start;
};

/** One day (or part of a day) of an offering. */
export const Session = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-16T09:00:00+01:00' }),
    endsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-16T16:00:00+01:00' }),
  })
  .openapi('Session');
export type Session = z.infer<typeof Session>;

const Sessions = z.array(Session).min(1).max(60).openapi({
  description: 'The days of the offering, in order, not overlapping, each inside the offering. Default: one session, the whole offering',
});

export interface SessionProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The rules of an offering's sessions: each ends after it starts and lies inside the offering, and each starts
 * no earlier than the one before ends (in order, no overlaps). Malformed times are left to their own errors.
 */
export function sessionProblems(offering: { startsAt: string; endsAt: string }, sessions: readonly Session[]): SessionProblem[] {
  const problems: SessionProblem[] = [];
  const [start, end] = [instant(offering.startsAt), instant(offering.endsAt)];
  let previousEnd = Number.NaN;
  sessions.forEach((session, i) => {
    const [s, e] = [instant(session?.startsAt), instant(session?.endsAt)];
    if (!Number.isNaN(s) && !Number.isNaN(start) && s < start) {
      problems.push({ path: ['sessions', i, 'startsAt'], message: 'must not be before the offering starts' });
    } else if (!Number.isNaN(s) && !Number.isNaN(previousEnd) && s < previousEnd) {
      problems.push({ path: ['sessions', i, 'startsAt'], message: `must not be before sessions.${i - 1}.endsAt (no overlaps, in order)` });
    }
    if (!Number.isNaN(s) && !Number.isNaN(e) && !(e > s)) {
      problems.push({ path: ['sessions', i, 'endsAt'], message: 'must be after startsAt' });
    } else if (!Number.isNaN(e) && !Number.isNaN(end) && e > end) {
      problems.push({ path: ['sessions', i, 'endsAt'], message: 'must not be after the offering ends' });
    }
    previousEnd = e;
  });
  return problems;
}

const sessionsFit = (o: { startsAt: string; endsAt: string; sessions?: Session[] }, ctx: z.RefinementCtx) => {
  if (!Array.isArray(o.sessions)) return;
  for (const problem of sessionProblems(o, o.sessions)) ctx.addIssue({ code: 'custom', ...problem });
};

/** Where an on-site offering takes place. The city is what the catalogue's `city` filter matches. */
export const Venue = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Seminarzentrum' }),
    street: z.string().trim().min(1).max(200).optional().openapi({ example: 'Musterstraße 1' }),
    postalCode: z
      .string()
      .regex(/^\d{5}$/, 'must be a German postal code of five digits')
      .optional()
      .openapi({ example: '26121' }),
    city: z.string().trim().min(1).max(100).openapi({ example: 'Oldenburg' }),
  })
  .openapi('Venue');
export type Venue = z.infer<typeof Venue>;

export const OfferingFormat = z
  .enum(['onsite', 'online'])
  .openapi({ description: '`onsite`: at a venue (required); `online`: by video conference, no venue' });
export type OfferingFormat = z.infer<typeof OfferingFormat>;

/** Where a date takes place, as one line: "Seminarzentrum, Musterstraße 1, 26121 Oldenburg", or "Online". */
export function locationLine(format: OfferingFormat, venue: Venue | null | undefined): string {
  if (format === 'online' || !venue) return 'Online';
  const town = [venue.postalCode, venue.city].filter(Boolean).join(' ');
  return [venue.name, venue.street, town].filter(Boolean).join(', ');
}

export interface PlaceProblem {
  path: string[];
  message: string;
}

/** An on-site date has a venue and no meeting link; an online one has no venue (its link may follow later). */
export function placeProblems(place: { format: OfferingFormat; venue?: Venue | null; onlineLink?: string | null }): PlaceProblem[] {
  if (place.format === 'onsite') {
    return [
      ...(place.venue ? [] : [{ path: ['venue'], message: 'is required for an on-site offering (format onsite)' }]),
      ...(place.onlineLink ? [{ path: ['onlineLink'], message: 'is only for online offerings (format online)' }] : []),
    ];
  }
  return place.venue ? [{ path: ['venue'], message: 'must be left out for an online offering (format online)' }] : [];
}

const placeFits = (o: { format: OfferingFormat; venue?: Venue; onlineLink?: string }, ctx: z.RefinementCtx) => {
  for (const problem of placeProblems(o)) ctx.addIssue({ code: 'custom', ...problem });
};

const OnlineLink = z
  .url({ protocol: /^https$/ })
  .max(2000)
  .openapi({ description: 'For online dates: the meeting link. Sent to confirmed participants only, never shown in the catalogue.' });

export const OfferingInput = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-16T09:00:00+01:00' }),
    endsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-02-17T16:00:00+01:00' }),
    format: OfferingFormat.default('onsite'),
    venue: Venue.optional(),
    onlineLink: OnlineLink.optional(),
    capacity: z.number().int().min(1).max(10000).openapi({ example: 16 }),
    registrationDeadline: z.iso.date().openapi({ example: '2027-02-02' }),
    status: z
      .enum(['draft', 'published'])
      .default('published')
      .openapi({ description: '`draft`: not public and not open for registration until published' }),
    sessions: Sessions.optional(),
  })
  .refine(endsAfterStart, { path: ['endsAt'], message: 'must be after startsAt' })
  .refine(deadlineNotAfterStart, { path: ['registrationDeadline'], message: 'must not be after startsAt' })
  .superRefine(sessionsFit)
  .superRefine(placeFits)
  .openapi('OfferingInput');
export type OfferingInput = z.infer<typeof OfferingInput>;

/** New number of seats. Seats available are not computed here: registration reports them. */
export const CapacityChangeInput = z
  .object({ capacity: z.number().int().min(1).max(10000).openapi({ example: 20 }) })
  .openapi('CapacityChangeInput');
export type CapacityChangeInput = z.infer<typeof CapacityChangeInput>;

/** A new date. The venue and `registrationDeadline` stay as they are when left out. */
export const RescheduleInput = z
  .object({
    startsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-03-16T09:00:00+01:00' }),
    endsAt: z.iso.datetime({ offset: true }).openapi({ example: '2027-03-17T16:00:00+01:00' }),
    venue: Venue.optional(),
    registrationDeadline: z.iso.date().optional().openapi({ example: '2027-03-02' }),
    sessions: Sessions.optional().openapi({
      description:
        'The new days. Left out: the current ones move by as much as the start does (a single whole-offering session stays the whole offering)',
    }),
  })
  .refine(endsAfterStart, { path: ['endsAt'], message: 'must be after startsAt' })
  .refine(deadlineNotAfterStart, { path: ['registrationDeadline'], message: 'must not be after startsAt' })
  .superRefine(sessionsFit)
  .openapi('RescheduleInput');
export type RescheduleInput = z.infer<typeof RescheduleInput>;

/**
 * A partial update of an offering (JSON merge): the fields given replace the current ones, `null` removes the
 * meeting link. The result must satisfy every rule of a new offering. Status changes have their own operations.
 */
const offeringPatchFields = {
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  sessions: Sessions,
  format: OfferingFormat,
  venue: Venue,
  onlineLink: OnlineLink.nullable(),
  capacity: z.number().int().min(1).max(10000),
  registrationDeadline: z.iso.date(),
};
export const OfferingPatch = z
  .looseObject(offeringPatchFields)
  .partial()
  .superRefine(patchOf(offeringPatchFields, 'an offering', 'offerings'))
  .openapi('OfferingPatch', { example: { venue: { name: 'Tagungshaus', street: 'Am Markt 2', postalCode: '21335', city: 'Lüneburg' } } });
export type OfferingPatch = Partial<z.infer<z.ZodObject<typeof offeringPatchFields>>>;

export const OfferingCancellationInput = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ example: 'Referentin erkrankt' }) })
  .openapi('OfferingCancellationInput');
export type OfferingCancellationInput = z.infer<typeof OfferingCancellationInput>;

export const OfferingStatus = z.enum(['draft', 'published', 'cancelled']);

export const Offering = z
  .object({
    id: z.uuid(),
    seminarId: z.uuid(),
    title: z.string(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    format: OfferingFormat,
    venue: Venue.nullable().openapi({ description: 'The venue of an on-site date; `null` online' }),
    location: z.string().openapi({ description: 'Where, as one line: the venue, or "Online"', example: 'Seminarzentrum, Oldenburg' }),
    capacity: z.number().int(),
    seatsAvailable: z.number().int().openapi({ description: 'Free seats as last reported by registration' }),
    registrationDeadline: z.iso.date(),
    status: OfferingStatus,
    sessions: z.array(Session).openapi({ description: 'The days of the offering (UTC), in order' }),
    feeCents: z.number().int(),
  })
  .openapi('Offering');
export type Offering = z.infer<typeof Offering>;

// --- the public catalogue: search, filters, pages ---

const describe = (description: string, example?: string) => ({ description, ...(example ? { example } : {}) });

/**
 * Filters of the public lists. Offering filters on a seminar list mean "has at least one published
 * offering that matches". Dates are calendar days in Europe/Berlin, both ends inclusive.
 */
export const CatalogueQuery = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .openapi(
      describe('Full-text search in German over title, topic, summary, description and audience; every word matches as a prefix', 'Presse'),
    ),
  topic: z.string().trim().min(1).max(100).optional().openapi(describe('Exact topic', 'Presse- und Öffentlichkeitsarbeit')),
  from: z.iso.date().optional().openapi(describe('Starts on or after this day (Europe/Berlin)', '2027-02-01')),
  to: z.iso.date().optional().openapi(describe('Starts on or before this day (Europe/Berlin)', '2027-06-30')),
  city: z.string().trim().min(1).max(100).optional().openapi(describe("The venue's city, case-insensitive", 'Oldenburg')),
  format: z.enum(['online', 'onsite']).optional().openapi(describe('`online` or `onsite` (at a venue)')),
  freeSeats: z.enum(['true', 'false']).optional().openapi(describe('`true`: only offerings with free seats (`seatsAvailable > 0`)')),
  status: z
    .enum(['published', 'cancelled', 'draft'])
    .default('published')
    .openapi(describe('Which ones: `published` (default), `cancelled`, or `draft` (back-office key only)', 'published')),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi(describe('Page size, at most 100', '20')),
  cursor: z.string().min(1).max(500).optional().openapi(describe('`nextCursor` of the previous page (opaque)')),
});
export type CatalogueQuery = z.infer<typeof CatalogueQuery>;

/** The calendar feed takes the list's filters; it has no pages. */
export const CalendarQuery = CatalogueQuery.omit({ limit: true, cursor: true, status: true });
export type CalendarQuery = z.infer<typeof CalendarQuery>;

const nextCursor = z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; `null` on the last page' });

/** Seminars, oldest first (creation time, then id). */
export const SeminarList = z.object({ items: z.array(Seminar), nextCursor }).openapi('SeminarList');
export type SeminarList = z.infer<typeof SeminarList>;

/** Published offerings by start time, then id. */
export const OfferingList = z.object({ items: z.array(Offering), nextCursor }).openapi('OfferingList');
export type OfferingList = z.infer<typeof OfferingList>;

/** A seminar with its public offerings (published and cancelled ones; drafts too for the back office) by start time. */
export const SeminarDetail = Seminar.extend({ offerings: z.array(Offering) }).openapi('SeminarDetail');
export type SeminarDetail = z.infer<typeof SeminarDetail>;
