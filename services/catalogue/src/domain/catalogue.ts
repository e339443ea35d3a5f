import type { OfferingInput, SeminarInput } from '@seminarwerk/contracts/api';

/** What the back office changes on an offering after scheduling it; each in the offering's own stream. */
export type OfferingChange =
  | { type: 'OfferingCapacityChanged'; data: { offeringId: string; capacity: number; previousCapacity: number; changedAt: string } }
  | {
      type: 'OfferingRescheduled';
      data: {
        offeringId: string;
        seminarId: string;
        startsAt: string;
        endsAt: string;
        venue: string;
        registrationDeadline: string;
        previous: { startsAt: string; endsAt: string; venue: string };
        rescheduledAt: string;
      };
    }
  | { type: 'OfferingCancelled'; data: { offeringId: string; seminarId: string; reason: string; cancelledAt: string } };

/** Catalogue domain events, recorded in the catalogue's own streams (`seminar-<id>`, `offering-<id>`). */
export type CatalogueEvent =
  | { type: 'SeminarCreated'; data: SeminarInput & { seminarId: string; createdAt: string } }
  | {
      type: 'OfferingScheduled';
      data: OfferingInput & { offeringId: string; seminarId: string; status: 'published'; scheduledAt: string };
    }
  | OfferingChange;

export type RejectionCode =
  | 'seminar-not-found'
  | 'offering-not-found'
  | 'offering-in-the-past'
  | 'offering-cancelled'
  | 'offering-already-cancelled'
  /** An input field breaks a rule that needs the current state to check (`field` names it). */
  | 'invalid-field';

export interface Rejection {
  rejected: true;
  code: RejectionCode;
  detail: string;
  /** The input field at fault, when there is one. */
  field?: string;
}
export const reject = (code: RejectionCode, detail: string, field?: string): Rejection => ({
  rejected: true,
  code,
  detail,
  ...(field ? { field } : {}),
});

export function createSeminar(input: SeminarInput, seminarId: string, now: Date): CatalogueEvent[] {
  return [{ type: 'SeminarCreated', data: { ...input, seminarId, createdAt: now.toISOString() } }];
}

/**
 * A new date of a seminar. The walking skeleton publishes dates at once; drafts come with the
 * programme management (issue 4).
 */
export function scheduleOffering(
  input: OfferingInput,
  seminar: { id: string } | null,
  offeringId: string,
  now: Date,
): CatalogueEvent[] | Rejection {
  if (!seminar) return reject('seminar-not-found', 'There is no seminar with this id');
  if (Date.parse(input.startsAt) <= now.getTime()) {
    return reject('offering-in-the-past', 'startsAt must be in the future', 'startsAt');
  }
  return [
    {
      type: 'OfferingScheduled',
      data: { ...input, offeringId, seminarId: seminar.id, status: 'published', scheduledAt: now.toISOString() },
    },
  ];
}
