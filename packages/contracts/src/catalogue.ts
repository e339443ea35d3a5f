import { z } from 'zod';
import { eventContract } from './cloud-event.ts';
import { Money, VatTreatment } from './shared.ts';
import { Topics } from './topics.ts';

export const CancellationTerms = z.object({
  freeUntilDaysBefore: z.number().int().min(0),
  lateCancellationFeePercent: z.number().int().min(0).max(100),
  noShowFeePercent: z.number().int().min(0).max(100),
  substituteAllowed: z.boolean(),
});
export type CancellationTerms = z.infer<typeof CancellationTerms>;

export const SeminarCreated = eventContract(
  Topics.catalogue,
  'catalogue.seminar.created.v1',
  z.object({
    seminarId: z.uuid(),
    title: z.string().min(1),
    topic: z.string().min(1),
    fee: Money,
    vat: VatTreatment,
    cancellationTerms: CancellationTerms,
    /** `draft`: not public until `catalogue.seminar.published.v1`. Left out by producers before drafts existed: published. */
    status: z.enum(['draft', 'published']).optional(),
  }),
);

const Instant = z.iso.datetime({ offset: true });

/** A draft seminar became public; its dates can be published from now on. */
export const SeminarPublished = eventContract(
  Topics.catalogue,
  'catalogue.seminar.published.v1',
  z.object({ seminarId: z.uuid(), publishedAt: Instant }),
);

/**
 * The institute called a seminar off. Each of its dates that was not cancelled yet gets its own
 * `catalogue.offering.cancelled.v1` in the same transaction (listed here as `offeringIds`).
 */
export const SeminarCancelled = eventContract(
  Topics.catalogue,
  'catalogue.seminar.cancelled.v1',
  z.object({ seminarId: z.uuid(), reason: z.string().min(1).max(500), offeringIds: z.array(z.uuid()), cancelledAt: Instant }),
);

/** The venue of an on-site date, structured (`venue` carries it as one line). */
const Address = z.object({
  name: z.string().min(1),
  street: z.string().min(1).optional(),
  postalCode: z.string().min(1).optional(),
  city: z.string().min(1),
});

/** The days of an offering (RFC 3339, UTC), in order. Optional: producers before sessions existed left it out. */
const OfferingSessions = z
  .array(z.object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }))
  .min(1)
  .optional();

export const OfferingScheduled = eventContract(
  Topics.catalogue,
  'catalogue.offering.scheduled.v1',
  z.object({
    offeringId: z.uuid(),
    seminarId: z.uuid(),
    seminarTitle: z.string().min(1),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    /** Where, as one line: the venue, or "Online". */
    venue: z.string().min(1),
    /** `onsite` or `online`; left out by producers before formats existed. */
    format: z.enum(['onsite', 'online']).optional(),
    /** On-site dates: the venue, structured. */
    address: Address.optional(),
    /** Online dates: the meeting link, for registration to hand to confirmed participants. */
    onlineLink: z.url().optional(),
    capacity: z.number().int().positive(),
    registrationDeadline: z.iso.date(),
    status: z.enum(['draft', 'published']),
    sessions: OfferingSessions,
    fee: Money,
    vat: VatTreatment,
    cancellationTerms: CancellationTerms,
  }),
);

/**
 * A draft date was published. Carries the same data as `catalogue.offering.scheduled.v1` (the offering as it is
 * now, `status: 'published'`), so a consumer opens it the same way.
 */
export const OfferingPublished = eventContract(Topics.catalogue, 'catalogue.offering.published.v1', OfferingScheduled.data);

/** The back office changed a seminar's texts or terms: only the changed fields (named as in the PATCH body), with their new values. */
export const SeminarUpdated = eventContract(
  Topics.catalogue,
  'catalogue.seminar.updated.v1',
  z.object({
    seminarId: z.uuid(),
    changes: z
      .object({
        title: z.string().min(1),
        topic: z.string().min(1),
        summary: z.string(),
        description: z.string(),
        audience: z.string(),
        lecturers: z.array(z.string().min(1)),
        feeCents: z.number().int().min(0),
        vat: VatTreatment,
        cancellationTerms: CancellationTerms,
      })
      .partial(),
    updatedAt: Instant,
  }),
);

/** The back office changed the number of seats. Registration decides what that means for who is confirmed. */
export const OfferingCapacityChanged = eventContract(
  Topics.catalogue,
  'catalogue.offering.capacity-changed.v1',
  z.object({
    offeringId: z.uuid(),
    capacity: z.number().int().positive(),
    previousCapacity: z.number().int().positive(),
    changedAt: Instant,
  }),
);

/**
 * The date or the place changed (date, sessions, venue, format, meeting link or registration deadline). Carries the
 * offering's new date and place in full (without `onlineLink` the date has no meeting link now) and the old date and venue.
 */
export const OfferingRescheduled = eventContract(
  Topics.catalogue,
  'catalogue.offering.rescheduled.v1',
  z.object({
    offeringId: z.uuid(),
    seminarId: z.uuid(),
    seminarTitle: z.string().min(1),
    startsAt: Instant,
    endsAt: Instant,
    venue: z.string().min(1),
    format: z.enum(['onsite', 'online']).optional(),
    address: Address.optional(),
    onlineLink: z.url().optional(),
    registrationDeadline: z.iso.date(),
    sessions: OfferingSessions,
    previous: z.object({ startsAt: Instant, endsAt: Instant, venue: z.string().min(1) }),
    rescheduledAt: Instant,
  }),
);

/** The institute called the date off. Final: a cancelled offering changes no more. */
export const OfferingCancelled = eventContract(
  Topics.catalogue,
  'catalogue.offering.cancelled.v1',
  z.object({
    offeringId: z.uuid(),
    seminarId: z.uuid(),
    reason: z.string().min(1).max(500),
    cancelledAt: Instant,
  }),
);

export const catalogueEvents = [
  SeminarCreated,
  SeminarUpdated,
  SeminarPublished,
  SeminarCancelled,
  OfferingScheduled,
  OfferingPublished,
  OfferingCapacityChanged,
  OfferingRescheduled,
  OfferingCancelled,
] as const;
