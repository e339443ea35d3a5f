import type { DateAndPlace, SeminarChanges, SeminarFields } from './types.ts';

/**
 * What the catalogue records, all in the seminar's stream (`seminar-<seminarId>`): the seminar's own events and
 * those of its dates (offerings). Recorded data never changes shape silently: a new shape is a new field with a
 * default, and events of earlier shapes are brought up to this one on reading (`legacy-events.ts`).
 */
export type CatalogueEvent =
  | { type: 'SeminarCreated'; data: SeminarFields & { seminarId: string; status: 'draft' | 'published'; createdAt: string } }
  | { type: 'SeminarUpdated'; data: { seminarId: string; changes: SeminarChanges; updatedAt: string } }
  | { type: 'SeminarPublished'; data: { seminarId: string; publishedAt: string } }
  | {
      /** Followed, in the same decision, by an `OfferingCancelled` for each of `offeringIds`. */
      type: 'SeminarCancelled';
      data: { seminarId: string; reason: string; offeringIds: string[]; cancelledAt: string };
    }
  | {
      type: 'OfferingScheduled';
      data: DateAndPlace & { capacity: number; status: 'draft' | 'published'; scheduledAt: string };
    }
  | OfferingChange;

/** What happens to an offering after it was scheduled. */
export type OfferingChange =
  | { type: 'OfferingCapacityChanged'; data: { offeringId: string; capacity: number; previousCapacity: number; changedAt: string } }
  | {
      type: 'OfferingRescheduled';
      data: DateAndPlace & {
        /** The date and place before, the place as one line. */
        previous: { startsAt: string; endsAt: string; location: string };
        rescheduledAt: string;
      };
    }
  | { type: 'OfferingCancelled'; data: { offeringId: string; seminarId: string; reason: string; cancelledAt: string } }
  | {
      /** A draft became public and open for registration: the offering as it is now. */
      type: 'OfferingPublished';
      data: DateAndPlace & { capacity: number; status: 'published'; publishedAt: string };
    };

export type CatalogueEventType = CatalogueEvent['type'];
