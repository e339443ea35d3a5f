import { z } from 'zod';
import { eventContract } from './cloud-event.ts';
import { Booker, EventParticipant, Instant, Money, OfferingSnapshot, VatTreatment } from './shared.ts';
import { Topics } from './topics.ts';

const RegistrationFacts = {
  registrationId: z.uuid(),
  offeringId: z.uuid(),
  municipalityId: z.string().min(1).nullable(),
  participant: EventParticipant,
  bookedBy: Booker,
  offering: OfferingSnapshot,
};

export const RegistrationConfirmed = eventContract(
  Topics.registration,
  'registration.confirmed.v1',
  z.object({
    ...RegistrationFacts,
    fee: Money,
    vat: VatTreatment,
    /** The municipality's purchase order or file reference (Bestellnummer / Aktenzeichen) for the invoice, if given. */
    purchaseOrderReference: z.string().min(1).max(100).optional(),
    /** `waitlist` when a freed seat promoted this registration from the waiting list. */
    via: z.enum(['direct', 'waitlist']),
    confirmedAt: z.iso.datetime({ offset: true }),
  }),
);

export const RegistrationWaitlisted = eventContract(
  Topics.registration,
  'registration.waitlisted.v1',
  z.object({
    ...RegistrationFacts,
    position: z.number().int().positive(),
    waitlistedAt: z.iso.datetime({ offset: true }),
  }),
);

export const RegistrationCancelled = eventContract(
  Topics.registration,
  'registration.cancelled.v1',
  z.object({
    ...RegistrationFacts,
    previousStatus: z.enum(['confirmed', 'waitlisted']),
    /** `institute` when the institute cancelled the whole offering: always free of charge. */
    reason: z.enum(['participant', 'institute']),
    /** By the offering's cancellation terms; invoicing turns the percentage of the fee into money. */
    classification: z.object({ kind: z.enum(['free', 'late', 'no-show']), feePercent: z.number().int().min(0).max(100) }),
    cancelledAt: z.iso.datetime({ offset: true }),
  }),
);

/** Another person takes over a confirmed place: same registration, seat and booking; `participant` is the new one. */
export const RegistrationSubstituted = eventContract(
  Topics.registration,
  'registration.substituted.v1',
  z.object({ ...RegistrationFacts, previous: EventParticipant, substitutedAt: z.iso.datetime({ offset: true }) }),
);

/** The institute moved the date or venue; the registration stands. `offering` is the new date, `previous` the old. */
export const RegistrationRescheduled = eventContract(
  Topics.registration,
  'registration.rescheduled.v1',
  z.object({
    ...RegistrationFacts,
    status: z.enum(['confirmed', 'waitlisted']),
    previous: OfferingSnapshot,
    rescheduledAt: z.iso.datetime({ offset: true }),
  }),
);

export const AttendanceRecorded = eventContract(
  Topics.registration,
  'registration.attendance-recorded.v1',
  z.object({ ...RegistrationFacts, attended: z.boolean(), recordedAt: z.iso.datetime({ offset: true }) }),
);

/** Seats of one offering after every change; `version` orders them (stream version of the offering). */
export const AvailabilityChanged = eventContract(
  Topics.registration,
  'registration.availability.changed.v1',
  z.object({
    offeringId: z.uuid(),
    capacity: z.number().int().nonnegative(),
    confirmed: z.number().int().nonnegative(),
    waitlisted: z.number().int().nonnegative(),
    seatsAvailable: z.number().int().nonnegative(),
    version: z.number().int().positive(),
  }),
);

/**
 * A registration's participant data was erased: on the person's request (`erasureId` is the request's id) or because its
 * retention period after the date ended (`reason: retention`, `erasureId` null). Every service blanks its copies of the
 * person for this registration. `leftAt` is set when the person had handed the place on to a substitute at that
 * instant: copies from after it are about the substitute and stay. Carries nothing that identifies the person.
 */
export const ParticipantErased = eventContract(
  Topics.registration,
  'registration.participant-erased.v1',
  z.object({
    registrationId: z.uuid(),
    offeringId: z.uuid(),
    municipalityId: z.string().min(1).nullable(),
    erasureId: z.uuid().nullable(),
    reason: z.enum(['request', 'retention']),
    leftAt: Instant.nullable(),
    erasedAt: Instant,
  }),
);

export const registrationEvents = [
  RegistrationConfirmed,
  RegistrationWaitlisted,
  RegistrationCancelled,
  RegistrationSubstituted,
  RegistrationRescheduled,
  AttendanceRecorded,
  AvailabilityChanged,
  ParticipantErased,
] as const;
