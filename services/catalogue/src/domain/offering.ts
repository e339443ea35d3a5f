import { locationLine, type OfferingFormat, placeProblems, type Session, sessionProblems, type Venue } from '@seminarwerk/contracts/api';
import type { DateAndPlace, OfferingChange, Rejection, SeminarStatus } from './catalogue.ts';
import { reject, seminarNotPublished, utc, utcSessions } from './catalogue.ts';

/**
 * What the back-office operations on an offering decide on: its row in the read model as it is under
 * the stream lock. Times are RFC 3339 strings, the deadline is `YYYY-MM-DD` (the last day to register).
 */
export interface OfferingState extends DateAndPlace {
  capacity: number;
  status: 'draft' | 'published' | 'cancelled';
}

/** A change of date or place: the fields given replace the current ones (`onlineLink: null` removes the link). */
export interface DateAndPlaceChange {
  startsAt?: string;
  endsAt?: string;
  sessions?: Session[];
  format?: OfferingFormat;
  venue?: Venue;
  onlineLink?: string | null;
  registrationDeadline?: string;
}

/** A new date (POST …/reschedule): start and end are required there. */
export type NewSchedule = DateAndPlaceChange & { startsAt: string; endsAt: string };

export type Decision = OfferingChange[] | Rejection;

const notFound = () => reject('offering-not-found', 'There is no offering with this id');
const cancelled = () => reject('offering-cancelled', 'The offering is cancelled and cannot change any more');
const deadlineDay = (date: string) => Date.parse(`${date}T00:00:00Z`);

/**
 * New number of seats. The same number again changes nothing (no event). Whether a smaller number
 * moves confirmed participants to the waiting list is registration's decision, not the catalogue's.
 */
export function changeCapacity(offering: OfferingState | null, capacity: number, now: Date): Decision {
  if (!offering) return notFound();
  if (offering.status === 'cancelled') return cancelled();
  if (!Number.isInteger(capacity) || capacity < 1) return reject('invalid-field', 'must be a whole number of at least 1', 'capacity');
  if (capacity === offering.capacity) return [];
  return [
    {
      type: 'OfferingCapacityChanged',
      data: { offeringId: offering.offeringId, capacity, previousCapacity: offering.capacity, changedAt: now.toISOString() },
    },
  ];
}

/**
 * The sessions after a move without new ones: a single session that is the whole offering stays the whole
 * offering; otherwise every session moves by as much as the start does.
 */
function movedSessions(offering: OfferingState, startsAt: string, endsAt: string): Session[] {
  const [only] = offering.sessions;
  const whole =
    offering.sessions.length === 1 &&
    only !== undefined &&
    Date.parse(only.startsAt) === Date.parse(offering.startsAt) &&
    Date.parse(only.endsAt) === Date.parse(offering.endsAt);
  if (whole) return [{ startsAt: utc(startsAt), endsAt: utc(endsAt) }];
  const shift = Date.parse(startsAt) - Date.parse(offering.startsAt);
  const moved = (time: string) => new Date(Date.parse(time) + shift).toISOString();
  return offering.sessions.map((s) => ({ startsAt: moved(s.startsAt), endsAt: moved(s.endsAt) }));
}

const sameSessions = (a: readonly Session[], b: readonly Session[]) =>
  a.length === b.length &&
  a.every((s, i) => Date.parse(s.startsAt) === Date.parse(b[i]?.startsAt ?? '') && Date.parse(s.endsAt) === Date.parse(b[i]?.endsAt ?? ''));

/**
 * The place after a change. Switching the format drops what belongs to the other one (the venue when going
 * online, the link when going on site); anything not given stays.
 */
function changedPlace(offering: OfferingState, change: DateAndPlaceChange) {
  const format = change.format ?? offering.format;
  const switched = format !== offering.format;
  const venue = change.venue ?? (switched && format === 'online' ? null : offering.venue);
  const link = change.onlineLink === undefined ? (switched && format === 'onsite' ? undefined : offering.onlineLink) : change.onlineLink;
  return { format, venue, ...(link ? { onlineLink: link } : {}) };
}

const sameVenue = (a: Venue | null, b: Venue | null) =>
  a === b || (a !== null && b !== null && a.name === b.name && a.street === b.street && a.postalCode === b.postalCode && a.city === b.city);

/**
 * A new date or place, with the same rules as scheduling one: it ends after it starts, a new date starts in
 * the future, registration closes no later than the start day, sessions fit, an on-site date has a venue and
 * an online one none. A kept deadline must still fit a new start. Sessions given must fit the new date; kept
 * ones move with it and must still fit. The same date and place again changes nothing.
 */
export function changeDateOrPlace(offering: OfferingState | null, change: DateAndPlaceChange, now: Date): Decision {
  if (!offering) return notFound();
  if (offering.status === 'cancelled') return cancelled();
  const schedule = { startsAt: change.startsAt ?? offering.startsAt, endsAt: change.endsAt ?? offering.endsAt };
  const startsAt = Date.parse(schedule.startsAt);
  const endsAt = Date.parse(schedule.endsAt);
  if (!(endsAt > startsAt)) return reject('invalid-field', 'must be after startsAt', change.endsAt ? 'endsAt' : 'startsAt');
  const registrationDeadline = change.registrationDeadline ?? offering.registrationDeadline;
  if (deadlineDay(registrationDeadline) > startsAt) {
    const detail =
      change.registrationDeadline === undefined
        ? `must not be after startsAt: the current deadline ${registrationDeadline} is, so send a new one`
        : 'must not be after startsAt';
    return reject('invalid-field', detail, 'registrationDeadline');
  }
  const dateMoved = startsAt !== Date.parse(offering.startsAt) || endsAt !== Date.parse(offering.endsAt);
  const sessions = change.sessions
    ? utcSessions(change.sessions)
    : dateMoved
      ? movedSessions(offering, schedule.startsAt, schedule.endsAt)
      : offering.sessions;
  const [problem] = sessionProblems(schedule, sessions);
  if (problem) {
    return change.sessions
      ? reject('invalid-field', problem.message, problem.path.join('.'))
      : reject('invalid-field', 'the current sessions do not fit the new date, so send new ones', 'sessions');
  }
  const daysChanged = dateMoved || !sameSessions(sessions, offering.sessions);
  if (daysChanged && startsAt <= now.getTime()) return reject('offering-in-the-past', 'startsAt must be in the future', 'startsAt');
  const place = changedPlace(offering, change);
  const [misplaced] = placeProblems(place);
  if (misplaced) return reject('invalid-field', misplaced.message, misplaced.path.join('.'));
  const unchanged =
    !daysChanged &&
    registrationDeadline === offering.registrationDeadline &&
    place.format === offering.format &&
    sameVenue(place.venue, offering.venue) &&
    place.onlineLink === offering.onlineLink;
  if (unchanged) return [];
  return [
    {
      type: 'OfferingRescheduled',
      data: {
        offeringId: offering.offeringId,
        seminarId: offering.seminarId,
        startsAt: schedule.startsAt,
        endsAt: schedule.endsAt,
        ...place,
        registrationDeadline,
        sessions,
        previous: { startsAt: offering.startsAt, endsAt: offering.endsAt, location: locationLine(offering.format, offering.venue) },
        rescheduledAt: now.toISOString(),
      },
    },
  ];
}

/** A new date (POST …/reschedule): a change of date and maybe place. */
export const rescheduleOffering = (offering: OfferingState | null, schedule: NewSchedule, now: Date): Decision =>
  changeDateOrPlace(offering, schedule, now);

/**
 * A partial update (PATCH): a new capacity and a new date or place, each decided by its own rule; the first
 * rule broken refuses the whole update.
 */
export function updateOffering(offering: OfferingState | null, patch: DateAndPlaceChange & { capacity?: number }, now: Date): Decision {
  const { capacity, ...dateAndPlace } = patch;
  const capacityChange = capacity === undefined ? [] : changeCapacity(offering, capacity, now);
  if ('rejected' in capacityChange) return capacityChange;
  const placeChange = Object.keys(dateAndPlace).length === 0 && offering ? [] : changeDateOrPlace(offering, dateAndPlace, now);
  if ('rejected' in placeChange) return placeChange;
  return [...capacityChange, ...placeChange];
}

/** The institute calls the date off. Final: a cancelled offering is not cancelled again, nor changed. */
export function cancelOffering(offering: OfferingState | null, reason: string, now: Date): Decision {
  if (!offering) return notFound();
  if (offering.status === 'cancelled') return reject('offering-already-cancelled', 'The offering was cancelled before');
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > 500) return reject('invalid-field', 'must have 1 to 500 characters', 'reason');
  return [
    {
      type: 'OfferingCancelled',
      data: { offeringId: offering.offeringId, seminarId: offering.seminarId, reason: trimmed, cancelledAt: now.toISOString() },
    },
  ];
}

/**
 * A draft becomes public and open for registration, once its seminar is public. Publishing a published
 * offering changes nothing; a cancelled one stays cancelled; one that has started is not published any more.
 */
export function publishOffering(offering: OfferingState | null, seminarStatus: SeminarStatus, now: Date): Decision {
  if (!offering) return notFound();
  if (offering.status === 'cancelled') return cancelled();
  if (offering.status === 'published') return [];
  if (seminarStatus !== 'published') return seminarNotPublished();
  if (Date.parse(offering.startsAt) <= now.getTime()) return reject('offering-in-the-past', 'The offering has started already', 'startsAt');
  const { offeringId, seminarId, startsAt, endsAt, format, venue, onlineLink, capacity, registrationDeadline, sessions } = offering;
  return [
    {
      type: 'OfferingPublished',
      data: {
        offeringId,
        seminarId,
        startsAt,
        endsAt,
        format,
        venue,
        ...(onlineLink ? { onlineLink } : {}),
        capacity,
        registrationDeadline,
        sessions,
        status: 'published',
        publishedAt: now.toISOString(),
      },
    },
  ];
}

/** The offering after a change: what the read model stores. */
export function evolveOffering(offering: OfferingState, event: OfferingChange): OfferingState {
  switch (event.type) {
    case 'OfferingCapacityChanged':
      return { ...offering, capacity: event.data.capacity };
    case 'OfferingRescheduled': {
      const { startsAt, endsAt, format, venue, onlineLink, registrationDeadline, sessions } = event.data;
      const { onlineLink: _replaced, ...rest } = offering;
      return { ...rest, startsAt, endsAt, format, venue, ...(onlineLink ? { onlineLink } : {}), registrationDeadline, sessions };
    }
    case 'OfferingCancelled':
      return { ...offering, status: 'cancelled' };
    case 'OfferingPublished':
      return { ...offering, status: 'published' };
  }
}
