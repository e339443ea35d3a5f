import { utcSessions } from './date-and-place.ts';
import type { CatalogueEvent } from './events.ts';
import type { OfferingFormat, Session, Venue } from './types.ts';

/**
 * Events as earlier versions of the catalogue stored them. Recorded events are never rewritten: they are
 * brought to today's shape when read (upcasting), here, in one place.
 *
 * - Before drafts (commit bf9b4a2), `SeminarCreated` had no `status`: every seminar was published.
 * - Before formats and structured venues (same commit), an offering's place was one line, `venue: "Oldenburg,
 *   Seminarzentrum"` or `"Online …"`, and `previous.venue` of a reschedule was that line.
 * - Before sessions (commit 1c1de08), an offering had none: it was one session, the whole offering.
 * - Until now, an online date was scheduled without a `venue` key at all (today: `venue: null`).
 */
export type LegacyCatalogueEvent =
  | { type: 'SeminarCreated'; data: Omit<Extract<CatalogueEvent, { type: 'SeminarCreated' }>['data'], 'status'> }
  | { type: 'OfferingScheduled' | 'OfferingRescheduled' | 'OfferingPublished'; data: LegacyDateAndPlace };

interface LegacyDateAndPlace {
  offeringId: string;
  seminarId: string;
  startsAt: string;
  endsAt: string;
  venue?: string | Venue | null;
  format?: OfferingFormat;
  onlineLink?: string;
  registrationDeadline: string;
  sessions?: Session[];
  previous?: { startsAt: string; endsAt: string; venue?: string; location?: string };
  [more: string]: unknown;
}

/** Whatever the event store holds: today's events and earlier shapes of them. */
export type StoredCatalogueEvent = CatalogueEvent | LegacyCatalogueEvent;

/** A stored event in today's shape; today's events come back as they are. */
export function upcast(event: StoredCatalogueEvent): CatalogueEvent {
  switch (event.type) {
    case 'SeminarCreated': {
      const data = event.data as Partial<Extract<CatalogueEvent, { type: 'SeminarCreated' }>['data']>;
      return data.status ? (event as CatalogueEvent) : ({ type: event.type, data: { ...data, status: 'published' } } as CatalogueEvent);
    }
    case 'OfferingScheduled':
    case 'OfferingRescheduled':
    case 'OfferingPublished':
      return { type: event.type, data: dateAndPlace(event.data as LegacyDateAndPlace) } as CatalogueEvent;
    default:
      return event;
  }
}

function dateAndPlace(data: LegacyDateAndPlace) {
  const { previous, ...rest } = data;
  return {
    ...rest,
    ...place(data),
    sessions: data.sessions ?? utcSessions([{ startsAt: data.startsAt, endsAt: data.endsAt }]),
    ...(previous
      ? { previous: { startsAt: previous.startsAt, endsAt: previous.endsAt, location: previous.location ?? previous.venue ?? '' } }
      : {}),
  };
}

/**
 * The place in today's shape. A line of old is read the way migration 20261204000000 read it into the
 * `offerings` table (city before the first comma, the name after it), so stream and table agree.
 */
function place(data: LegacyDateAndPlace): { format: OfferingFormat; venue: Venue | null } {
  const { venue } = data;
  if (typeof venue !== 'string') return { format: data.format ?? 'onsite', venue: venue ?? null };
  if (/^online/i.test(venue)) return { format: 'online', venue: null };
  const comma = venue.indexOf(',');
  const city = (comma < 0 ? venue : venue.slice(0, comma)).trim();
  const name = (comma < 0 ? venue : venue.slice(comma + 1)).trim() || venue;
  return { format: 'onsite', venue: { name, city } };
}
