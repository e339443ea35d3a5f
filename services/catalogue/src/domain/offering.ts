import { type Session, sessionProblems } from '@seminarwerk/contracts/api';
import type { OfferingChange, Rejection } from './catalogue.ts';
import { reject, utc, utcSessions } from './catalogue.ts';

/**
 * What the back-office operations on an offering decide on: its row in the read model as it is under
 * the stream lock. Times are RFC 3339 strings, the deadline is `YYYY-MM-DD` (the last day to register).
 */
export interface OfferingState {
  offeringId: string;
  seminarId: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  onlineLink?: string;
  capacity: number;
  registrationDeadline: string;
  /** The days of the offering, in UTC, in order. */
  sessions: Session[];
  status: 'draft' | 'published' | 'cancelled';
}

export interface NewSchedule {
  startsAt: string;
  endsAt: string;
  venue?: string;
  registrationDeadline?: string;
  sessions?: Session[];
}

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
 * A new date, with the same rules as scheduling one: it ends after it starts, starts in the future, and
 * registration closes no later than the start day. Venue and deadline stay as they are unless given; a
 * kept deadline must still fit the new start. Sessions given must fit the new date; kept ones move with it
 * and must still fit. The same date, venue, deadline and sessions again changes nothing.
 */
export function rescheduleOffering(offering: OfferingState | null, schedule: NewSchedule, now: Date): Decision {
  if (!offering) return notFound();
  if (offering.status === 'cancelled') return cancelled();
  const startsAt = Date.parse(schedule.startsAt);
  const endsAt = Date.parse(schedule.endsAt);
  if (!(endsAt > startsAt)) return reject('invalid-field', 'must be after startsAt', 'endsAt');
  if (startsAt <= now.getTime()) return reject('offering-in-the-past', 'startsAt must be in the future', 'startsAt');
  const venue = schedule.venue ?? offering.venue;
  const registrationDeadline = schedule.registrationDeadline ?? offering.registrationDeadline;
  if (deadlineDay(registrationDeadline) > startsAt) {
    const detail =
      schedule.registrationDeadline === undefined
        ? `must not be after startsAt: the current deadline ${registrationDeadline} is, so send a new one`
        : 'must not be after startsAt';
    return reject('invalid-field', detail, 'registrationDeadline');
  }
  const sessions = schedule.sessions ? utcSessions(schedule.sessions) : movedSessions(offering, schedule.startsAt, schedule.endsAt);
  const [problem] = sessionProblems(schedule, sessions);
  if (problem) {
    return schedule.sessions
      ? reject('invalid-field', problem.message, problem.path.join('.'))
      : reject('invalid-field', 'the current sessions do not fit the new date, so send new ones', 'sessions');
  }
  const unchanged =
    sameSessions(sessions, offering.sessions) &&
    startsAt === Date.parse(offering.startsAt) &&
    endsAt === Date.parse(offering.endsAt) &&
    venue === offering.venue &&
    registrationDeadline === offering.registrationDeadline;
  if (unchanged) return [];
  return [
    {
      type: 'OfferingRescheduled',
      data: {
        offeringId: offering.offeringId,
        seminarId: offering.seminarId,
        startsAt: schedule.startsAt,
        endsAt: schedule.endsAt,
        venue,
        registrationDeadline,
        sessions,
        previous: { startsAt: offering.startsAt, endsAt: offering.endsAt, venue: offering.venue },
        rescheduledAt: now.toISOString(),
      },
    },
  ];
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
 * A draft becomes public and open for registration. Publishing a published offering changes nothing;
 * a cancelled one stays cancelled.
 */
export function publishOffering(offering: OfferingState | null, now: Date): Decision {
  if (!offering) return notFound();
  if (offering.status === 'cancelled') return cancelled();
  if (offering.status === 'published') return [];
  const { offeringId, seminarId, startsAt, endsAt, venue, onlineLink, capacity, registrationDeadline, sessions } = offering;
  return [
    {
      type: 'OfferingPublished',
      data: {
        offeringId,
        seminarId,
        startsAt,
        endsAt,
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
      const { startsAt, endsAt, venue, registrationDeadline, sessions } = event.data;
      return { ...offering, startsAt, endsAt, venue, registrationDeadline, sessions };
    }
    case 'OfferingCancelled':
      return { ...offering, status: 'cancelled' };
    case 'OfferingPublished':
      return { ...offering, status: 'published' };
  }
}
