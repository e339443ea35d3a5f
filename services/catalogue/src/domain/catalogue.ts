import type { OfferingInput, SeminarInput } from '@seminarwerk/contracts/api';

/** Catalogue domain events, recorded in the catalogue's own streams (`seminar-<id>`, `offering-<id>`). */
export type CatalogueEvent =
  | { type: 'SeminarCreated'; data: SeminarInput & { seminarId: string; createdAt: string } }
  | {
      type: 'OfferingScheduled';
      data: OfferingInput & { offeringId: string; seminarId: string; status: 'published'; scheduledAt: string };
    };

export interface Rejection {
  rejected: true;
  code: string;
  detail: string;
}
const reject = (code: string, detail: string): Rejection => ({ rejected: true, code, detail });

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
    return reject('offering-in-the-past', 'startsAt must be in the future');
  }
  return [
    {
      type: 'OfferingScheduled',
      data: { ...input, offeringId, seminarId: seminar.id, status: 'published', scheduledAt: now.toISOString() },
    },
  ];
}
