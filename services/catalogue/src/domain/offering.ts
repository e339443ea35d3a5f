import { isRejection } from '@seminarwerk/decider';
import { dateProblems, deadlineDay, locationLine, placeProblems, sessionProblems, utc, utcSessions } from './date-and-place.ts';
import type { CatalogueEvent, OfferingChange } from './events.ts';
import {
  type CatalogueRejection,
  inThePast,
  invalid,
  invalidField,
  offeringCancelled,
  offeringNotFound,
  reject,
  seminarCancelled,
  seminarNotFound,
  seminarNotPublished,
} from './rejections.ts';
import type { CatalogueDecision, Offering, SeminarState } from './seminar.ts';
import type { OfferingFormat, Session, Venue } from './types.ts';

/** A new date of a seminar, as the back office asks for it. Without sessions it has one: the whole offering. */
export interface NewOffering {
  startsAt: string;
  endsAt: string;
  format: OfferingFormat;
  venue?: Venue;
  onlineLink?: string;
  capacity: number;
  registrationDeadline: string;
  status: 'draft' | 'published';
  sessions?: Session[];
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
export type NewSchedule = Omit<DateAndPlaceChange, 'format' | 'onlineLink'> & { startsAt: string; endsAt: string };

/** A partial update (PATCH): capacity, date, sessions, place, link or deadline. */
export type OfferingPatch = DateAndPlaceChange & { capacity?: number };

/** The offering the command is about, or why there is none to change. */
function existing(seminar: SeminarState, offeringId: string): Offering | CatalogueRejection {
  const offering = seminar?.offerings[offeringId];
  if (!offering) return offeringNotFound();
  return offering.status === 'cancelled' ? offeringCancelled() : offering;
}

/**
 * A new date: published at once, or a draft that is neither public nor open until published. A draft seminar
 * takes only drafts, a cancelled one no dates at all. The input's own rules come first, all at once.
 */
export function scheduleOffering(
  seminar: SeminarState,
  command: { offeringId: string; offering: NewOffering; now: Date },
): CatalogueDecision {
  const { offeringId, offering, now } = command;
  const problems = [...dateProblems(offering), ...placeProblems(offering)];
  if (problems.length > 0) return invalid(problems);
  if (!seminar) return seminarNotFound();
  if (seminar.offerings[offeringId]) return reject('offering-already-exists', 'There is an offering with this id already');
  if (seminar.status === 'cancelled') return seminarCancelled();
  if (seminar.status !== 'published' && offering.status === 'published') return seminarNotPublished();
  if (Date.parse(offering.startsAt) <= now.getTime()) return inThePast('startsAt must be in the future');
  const { startsAt, endsAt, format, venue, onlineLink, capacity, registrationDeadline, status, sessions } = offering;
  const data = {
    ...{ offeringId, seminarId: seminar.seminarId, startsAt, endsAt, format, venue: venue ?? null, ...(onlineLink ? { onlineLink } : {}) },
    ...{ capacity, registrationDeadline, status, sessions: utcSessions(sessions ?? [{ startsAt, endsAt }]) },
    scheduledAt: now.toISOString(),
  };
  return [{ type: 'OfferingScheduled', data }];
}

/**
 * New number of seats. The same number again changes nothing. Whether fewer seats move confirmed participants
 * to the waiting list is registration's decision, not the catalogue's.
 */
export function changeCapacity(seminar: SeminarState, command: { offeringId: string; capacity: number; now: Date }): CatalogueDecision {
  const offering = existing(seminar, command.offeringId);
  if (isRejection(offering)) return offering;
  const { capacity, now } = command;
  if (!Number.isInteger(capacity) || capacity < 1) return invalidField('capacity', 'must be a whole number of at least 1');
  if (capacity === offering.capacity) return [];
  const data = { offeringId: offering.offeringId, capacity, previousCapacity: offering.capacity, changedAt: now.toISOString() };
  return [{ type: 'OfferingCapacityChanged', data }];
}

/**
 * The sessions after a move without new ones: a single session that is the whole offering stays the whole
 * offering; otherwise every session moves by as much as the start does.
 */
function movedSessions(offering: Offering, startsAt: string, endsAt: string): Session[] {
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
function changedPlace(offering: Offering, change: DateAndPlaceChange) {
  const format = change.format ?? offering.format;
  const switched = format !== offering.format;
  const venue = change.venue ?? (switched && format === 'online' ? null : offering.venue);
  const link = change.onlineLink === undefined ? (switched && format === 'onsite' ? undefined : offering.onlineLink) : change.onlineLink;
  return { format, venue, ...(link ? { onlineLink: link } : {}) };
}

const sameVenue = (a: Venue | null, b: Venue | null) =>
  a === b || (a !== null && b !== null && a.name === b.name && a.street === b.street && a.postalCode === b.postalCode && a.city === b.city);

/**
 * A new date or place of an existing offering, with the rules of a new one: it ends after it starts, a new date
 * starts in the future, registration closes no later than the start day, sessions fit, an on-site date has a
 * venue and an online one none. A kept deadline must still fit a new start; kept sessions move with the date and
 * must still fit. The first rule broken refuses it. The same date and place again changes nothing.
 */
function changeDateOrPlace(offering: Offering, change: DateAndPlaceChange, now: Date): readonly OfferingChange[] | CatalogueRejection {
  const schedule = { startsAt: change.startsAt ?? offering.startsAt, endsAt: change.endsAt ?? offering.endsAt };
  const startsAt = Date.parse(schedule.startsAt);
  const endsAt = Date.parse(schedule.endsAt);
  if (!(endsAt > startsAt)) return invalidField(change.endsAt ? 'endsAt' : 'startsAt', 'must be after startsAt');
  const registrationDeadline = change.registrationDeadline ?? offering.registrationDeadline;
  if (deadlineDay(registrationDeadline) > startsAt) {
    const kept = change.registrationDeadline === undefined;
    const detail = kept
      ? `must not be after startsAt: the current deadline ${registrationDeadline} is, so send a new one`
      : 'must not be after startsAt';
    return invalidField('registrationDeadline', detail);
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
      ? invalid([problem])
      : invalidField('sessions', 'the current sessions do not fit the new date, so send new ones');
  }
  const daysChanged = dateMoved || !sameSessions(sessions, offering.sessions);
  if (daysChanged && startsAt <= now.getTime()) return inThePast('startsAt must be in the future');
  const place = changedPlace(offering, change);
  const [misplaced] = placeProblems(place);
  if (misplaced) return invalid([misplaced]);
  const unchanged =
    !daysChanged &&
    registrationDeadline === offering.registrationDeadline &&
    place.format === offering.format &&
    sameVenue(place.venue, offering.venue) &&
    place.onlineLink === offering.onlineLink;
  if (unchanged) return [];
  const { offeringId, seminarId } = offering;
  const previous = { startsAt: offering.startsAt, endsAt: offering.endsAt, location: locationLine(offering.format, offering.venue) };
  const data = { offeringId, seminarId, ...schedule, ...place, registrationDeadline, sessions, previous, rescheduledAt: now.toISOString() };
  return [{ type: 'OfferingRescheduled', data }];
}

/** A new date (POST …/reschedule). What the new date breaks on its own is named all at once, first. */
export function rescheduleOffering(
  seminar: SeminarState,
  command: { offeringId: string; schedule: NewSchedule; now: Date },
): CatalogueDecision {
  const problems = dateProblems(command.schedule);
  if (problems.length > 0) return invalid(problems);
  const offering = existing(seminar, command.offeringId);
  if (isRejection(offering)) return offering;
  return changeDateOrPlace(offering, command.schedule, command.now);
}

/** A partial update: a new capacity and a new date or place, each its own event; the first rule broken refuses it all. */
export function updateOffering(seminar: SeminarState, command: { offeringId: string; patch: OfferingPatch; now: Date }): CatalogueDecision {
  const { offeringId, now } = command;
  const { capacity, ...dateAndPlace } = command.patch;
  const offering = existing(seminar, offeringId);
  if (isRejection(offering)) return offering;
  const capacityChange = capacity === undefined ? [] : changeCapacity(seminar, { offeringId, capacity, now });
  if (isRejection(capacityChange)) return capacityChange;
  const placeChange = Object.keys(dateAndPlace).length === 0 ? [] : changeDateOrPlace(offering, dateAndPlace, now);
  if (isRejection(placeChange)) return placeChange;
  return [...capacityChange, ...placeChange];
}

/** The institute calls the date off. Final: a cancelled offering is not cancelled again, nor changed. */
export function cancelOffering(seminar: SeminarState, command: { offeringId: string; reason: string; now: Date }): CatalogueDecision {
  const offering = seminar?.offerings[command.offeringId];
  if (!offering) return offeringNotFound();
  if (offering.status === 'cancelled') return reject('offering-already-cancelled', 'The offering was cancelled before');
  const reason = command.reason.trim();
  if (reason.length < 1 || reason.length > 500) return invalidField('reason', 'must have 1 to 500 characters');
  const { offeringId, seminarId } = offering;
  return [{ type: 'OfferingCancelled', data: { offeringId, seminarId, reason, cancelledAt: command.now.toISOString() } }];
}

/**
 * A draft becomes public and open for registration, once its seminar is public. Publishing a published offering
 * changes nothing; a cancelled one stays cancelled; one that has started is not published any more.
 */
export function publishOffering(seminar: SeminarState, command: { offeringId: string; now: Date }): CatalogueDecision {
  const offering = existing(seminar, command.offeringId);
  if (isRejection(offering)) return offering;
  if (offering.status === 'published') return [];
  if (seminar?.status !== 'published') return seminarNotPublished();
  if (Date.parse(offering.startsAt) <= command.now.getTime()) return inThePast('The offering has started already');
  const { offeringId, seminarId, startsAt, endsAt, format, venue, onlineLink, capacity, registrationDeadline, sessions } = offering;
  const data = {
    ...{ offeringId, seminarId, startsAt, endsAt, format, venue, ...(onlineLink ? { onlineLink } : {}) },
    ...{ capacity, registrationDeadline, sessions, status: 'published' as const, publishedAt: command.now.toISOString() },
  };
  return [{ type: 'OfferingPublished', data }];
}

/** The offering after one of its events. */
export function evolveOffering(offering: Offering, event: CatalogueEvent & OfferingChange): Offering {
  switch (event.type) {
    case 'OfferingCapacityChanged':
      return { ...offering, capacity: event.data.capacity };
    case 'OfferingRescheduled': {
      const { startsAt, endsAt, format, venue, onlineLink, registrationDeadline, sessions } = event.data;
      const { onlineLink: _replaced, ...rest } = offering;
      const date = { startsAt: utc(startsAt), endsAt: utc(endsAt) };
      return { ...rest, ...date, format, venue, ...(onlineLink ? { onlineLink } : {}), registrationDeadline, sessions };
    }
    case 'OfferingCancelled':
      return { ...offering, status: 'cancelled' };
    case 'OfferingPublished':
      return { ...offering, status: 'published' };
  }
}
