import { z } from '@hono/zod-openapi';
import type { CancellationTerms } from '../catalogue.ts';
import { Cursor, Day, Instant, storableText, Text, VatTreatment } from '../shared.ts';

const defaultTerms: CancellationTerms = {
  freeUntilDaysBefore: 14,
  lateCancellationFeePercent: 50,
  noShowFeePercent: 100,
  substituteAllowed: true,
};

/** The highest fee a seminar may have per participant: 10,000 € (amounts are summed into PostgreSQL `integer` columns). */
export const MAX_FEE_CENTS = 1_000_000;

/** A seminar's cancellation terms as a request sets them: notice of at most a year, fees as a share of the fee. */
const CancellationTermsInput = z.object({
  freeUntilDaysBefore: z.number().int().min(0).max(365),
  lateCancellationFeePercent: z.number().int().min(0).max(100),
  noShowFeePercent: z.number().int().min(0).max(100),
  substituteAllowed: z.boolean(),
});

/**
 * The fields of a seminar, declared once. A new seminar takes them with these defaults; a PATCH takes any of
 * them without defaults (`SeminarPatch`).
 */
const seminarFields = {
  title: Text.trim().min(1).max(200),
  topic: Text.trim().min(1).max(100),
  summary: Text.max(2000).default(''),
  description: Text.max(20000).default(''),
  audience: Text.max(1000).default(''),
  lecturers: z.array(Text.min(1).max(200)).max(20).default([]),
  feeCents: z.number().int().min(0).max(MAX_FEE_CENTS).openapi({ example: 34000 }),
  vat: VatTreatment.default('exempt-4-22a'),
  cancellationTerms: CancellationTermsInput.default(defaultTerms),
};

export const SeminarInput = z
  .object({
    ...seminarFields,
    status: z
      .enum(['draft', 'published'])
      .default('published')
      .openapi({ description: '`draft`: not public, and its dates cannot be published, until the seminar is published' }),
  })
  .openapi('SeminarInput');
export type SeminarInput = z.infer<typeof SeminarInput>;

export const SeminarStatus = z.enum(['draft', 'published', 'cancelled']);

type WithoutDefaults<S extends z.ZodRawShape> = { [K in keyof S]: S[K] extends z.ZodDefault<infer T> ? T : S[K] };

/** The same fields without their defaults: a field left out of a partial update stays as it is. */
function withoutDefaults<S extends z.ZodRawShape>(shape: S): WithoutDefaults<S> {
  return Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, schema instanceof z.ZodDefault ? schema.unwrap() : schema]),
  ) as WithoutDefaults<S>;
}

/**
 * A seminar as the API answers it: every field present. Not an extension of `SeminarInput`: the document would
 * combine both with `allOf`, and its `status` (`draft` | `published`) would exclude `cancelled`.
 */
export const Seminar = z
  .object({
    id: z.uuid(),
    ...withoutDefaults(seminarFields),
    status: SeminarStatus.openapi({ description: '`cancelled`: called off with all its dates; it stays readable by id' }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Seminar');
export type Seminar = z.infer<typeof Seminar>;

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

/**
 * A partial update of a seminar (JSON merge): the fields given replace the current ones. At least one field;
 * unknown fields are refused by name.
 */
const seminarPatchFields = withoutDefaults(seminarFields);
export const SeminarPatch = z
  .looseObject(seminarPatchFields)
  .partial()
  .superRefine(patchOf(seminarPatchFields, 'a seminar', 'seminars'))
  .openapi('SeminarPatch');
export type SeminarPatch = z.infer<typeof SeminarPatch>;

/** Calling off a seminar calls off every date of it that is not cancelled yet, with the same reason. */
export const SeminarCancellationInput = z
  .object({ reason: Text.trim().min(1).max(500).openapi({ example: 'Das Seminar wird nicht mehr angeboten' }) })
  .openapi('SeminarCancellationInput');
export type SeminarCancellationInput = z.infer<typeof SeminarCancellationInput>;

// Offerings. These schemas check the shape of each field. The rules between fields (the end after the start,
// the deadline no later than the start day, sessions inside the date and in order, a venue on site and none
// online) are the catalogue's to decide: it answers 400 `validation-failed` naming each field at fault.

/** One day (or part of a day) of an offering. */
export const Session = z
  .object({
    startsAt: Instant.openapi({ example: '2027-02-16T09:00:00+01:00' }),
    endsAt: Instant.openapi({ example: '2027-02-16T16:00:00+01:00' }),
  })
  .openapi('Session');
export type Session = z.infer<typeof Session>;

const Sessions = z.array(Session).min(1).max(60).openapi({
  description: 'The days of the offering, in order, not overlapping, each inside the offering. Default: one session, the whole offering',
});

/** Where an on-site offering takes place. The city is what the catalogue's `city` filter matches. */
export const Venue = z
  .object({
    name: Text.trim().min(1).max(200).openapi({ example: 'Seminarzentrum' }),
    street: Text.trim().min(1).max(200).optional().openapi({ example: 'Musterstraße 1' }),
    postalCode: z
      .string()
      .max(5)
      .regex(/^\d{5}$/, 'must be a German postal code of five digits')
      .optional()
      .openapi({ example: '26121' }),
    city: Text.trim().min(1).max(100).openapi({ example: 'Oldenburg' }),
  })
  .openapi('Venue');
export type Venue = z.infer<typeof Venue>;

export const OfferingFormat = z
  .enum(['onsite', 'online'])
  .openapi({ description: '`onsite`: at a venue (required); `online`: by video conference, no venue' });
export type OfferingFormat = z.infer<typeof OfferingFormat>;

const OnlineLink = z
  .url({ protocol: /^https$/ })
  .max(2000)
  // `new URL` accepts a NUL or an unpaired surrogate (it drops or escapes them), so the URL format alone does not keep them out.
  .check(storableText())
  .openapi({ description: 'For online dates: the meeting link. Sent to confirmed participants only, never shown in the catalogue.' });

/** The fields of an offering, declared once: a new one, a new date and a partial update take them. */
const offeringFields = {
  startsAt: Instant.openapi({ example: '2027-02-16T09:00:00+01:00' }),
  endsAt: Instant.openapi({ example: '2027-02-17T16:00:00+01:00' }),
  format: OfferingFormat,
  venue: Venue,
  onlineLink: OnlineLink,
  capacity: z.number().int().min(1).max(10000).openapi({ example: 16 }),
  registrationDeadline: Day.openapi({ example: '2027-02-02' }),
  sessions: Sessions,
};
const OfferingFields = z.object(offeringFields);

export const OfferingInput = OfferingFields.partial({ venue: true, onlineLink: true, sessions: true })
  .extend({
    format: offeringFields.format.default('onsite'),
    status: z
      .enum(['draft', 'published'])
      .default('published')
      .openapi({ description: '`draft`: not public and not open for registration until published' }),
  })
  .openapi('OfferingInput');
export type OfferingInput = z.infer<typeof OfferingInput>;

/** New number of seats. Seats available are not computed here: registration reports them. */
export const CapacityChangeInput = OfferingFields.pick({ capacity: true }).openapi('CapacityChangeInput', { example: { capacity: 20 } });
export type CapacityChangeInput = z.infer<typeof CapacityChangeInput>;

/** A new date. The venue and `registrationDeadline` stay as they are when left out. */
export const RescheduleInput = OfferingFields.pick({ startsAt: true, endsAt: true, venue: true, registrationDeadline: true })
  .partial({ venue: true, registrationDeadline: true })
  .extend({
    sessions: offeringFields.sessions.optional().openapi({
      description:
        'The new days. Left out: the current ones move by as much as the start does (a single whole-offering session stays the whole offering)',
    }),
  })
  .openapi('RescheduleInput', {
    example: { startsAt: '2027-03-16T09:00:00+01:00', endsAt: '2027-03-17T16:00:00+01:00', registrationDeadline: '2027-03-02' },
  });
export type RescheduleInput = z.infer<typeof RescheduleInput>;

/**
 * A partial update of an offering (JSON merge): the fields given replace the current ones, `null` removes the
 * meeting link. The result must satisfy every rule of a new offering. Status changes have their own operations.
 */
const offeringPatchFields = { ...offeringFields, onlineLink: offeringFields.onlineLink.nullable() };
export const OfferingPatch = z
  .looseObject(offeringPatchFields)
  .partial()
  .superRefine(patchOf(offeringPatchFields, 'an offering', 'offerings'))
  .openapi('OfferingPatch', { example: { venue: { name: 'Tagungshaus', street: 'Am Markt 2', postalCode: '21335', city: 'Lüneburg' } } });
export type OfferingPatch = Partial<z.infer<z.ZodObject<typeof offeringPatchFields>>>;

export const OfferingCancellationInput = z
  .object({ reason: Text.trim().min(1).max(500).openapi({ example: 'Referentin erkrankt' }) })
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
  q: Text.trim()
    .max(200)
    .optional()
    .openapi(
      describe('Full-text search in German over title, topic, summary, description and audience; every word matches as a prefix', 'Presse'),
    ),
  topic: Text.trim().min(1).max(100).optional().openapi(describe('Exact topic', 'Presse- und Öffentlichkeitsarbeit')),
  from: Day.optional().openapi(describe('Starts on or after this day (Europe/Berlin)', '2027-02-01')),
  to: Day.optional().openapi(describe('Starts on or before this day (Europe/Berlin)', '2027-06-30')),
  city: Text.trim().min(1).max(100).optional().openapi(describe("The venue's city, case-insensitive", 'Oldenburg')),
  format: z.enum(['online', 'onsite']).optional().openapi(describe('`online` or `onsite` (at a venue)')),
  freeSeats: z.enum(['true', 'false']).optional().openapi(describe('`true`: only offerings with free seats (`seatsAvailable > 0`)')),
  status: z
    .enum(['published', 'cancelled', 'draft'])
    .default('published')
    .openapi(describe('Which ones: `published` (default), `cancelled`, or `draft` (back-office key only)', 'published')),
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi(describe('Page size, at most 100', '20')),
  cursor: Cursor.optional().openapi(describe('`nextCursor` of the previous page (opaque)')),
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
