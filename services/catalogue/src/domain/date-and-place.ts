import type { FieldProblem } from '@seminarwerk/decider';
import type { OfferingFormat, Session, Venue } from './types.ts';

// The rules of an offering's date and place, each naming the field at fault. They hold vacuously while a time is
// malformed: the input schema refuses that field already, and a second error would only mislead.

const instant = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

/** The first moment of a `YYYY-MM-DD` day, in UTC: the deadline is the last day to register. */
export const deadlineDay = (date: string) => instant(`${date}T00:00:00Z`);

export function endsAfterStart(date: { startsAt: string; endsAt: string }): boolean {
  const [start, end] = [instant(date.startsAt), instant(date.endsAt)];
  return Number.isNaN(start) || Number.isNaN(end) || end > start;
}

/** Registration may close on the start day itself, not later. */
export function deadlineNotAfterStart(date: { startsAt: string; registrationDeadline: string }): boolean {
  const [start, deadline] = [instant(date.startsAt), deadlineDay(date.registrationDeadline)];
  return Number.isNaN(start) || Number.isNaN(deadline) || deadline <= start;
}

/**
 * The rules of an offering's sessions: each ends after it starts and lies inside the offering, and each starts
 * no earlier than the one before ends (in order, no overlaps).
 */
export function sessionProblems(offering: { startsAt: string; endsAt: string }, sessions: readonly Session[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const [start, end] = [instant(offering.startsAt), instant(offering.endsAt)];
  let previousEnd = Number.NaN;
  sessions.forEach((session, i) => {
    const [s, e] = [instant(session.startsAt), instant(session.endsAt)];
    if (!Number.isNaN(s) && !Number.isNaN(start) && s < start) {
      problems.push({ field: `sessions.${i}.startsAt`, detail: 'must not be before the offering starts' });
    } else if (!Number.isNaN(s) && !Number.isNaN(previousEnd) && s < previousEnd) {
      problems.push({ field: `sessions.${i}.startsAt`, detail: `must not be before sessions.${i - 1}.endsAt (no overlaps, in order)` });
    }
    if (!Number.isNaN(s) && !Number.isNaN(e) && !(e > s)) {
      problems.push({ field: `sessions.${i}.endsAt`, detail: 'must be after startsAt' });
    } else if (!Number.isNaN(e) && !Number.isNaN(end) && e > end) {
      problems.push({ field: `sessions.${i}.endsAt`, detail: 'must not be after the offering ends' });
    }
    previousEnd = e;
  });
  return problems;
}

/**
 * Every rule a date breaks on its own, all at once: it ends after it starts, registration closes no later than
 * the start day, and the sessions given fit it.
 */
export function dateProblems(date: {
  startsAt: string;
  endsAt: string;
  registrationDeadline?: string;
  sessions?: readonly Session[];
}): FieldProblem[] {
  const { registrationDeadline, sessions } = date;
  return [
    ...(endsAfterStart(date) ? [] : [{ field: 'endsAt', detail: 'must be after startsAt' }]),
    ...(registrationDeadline === undefined || deadlineNotAfterStart({ ...date, registrationDeadline })
      ? []
      : [{ field: 'registrationDeadline', detail: 'must not be after startsAt' }]),
    ...(sessions ? sessionProblems(date, sessions) : []),
  ];
}

/** An on-site date has a venue and no meeting link; an online one has no venue (its link may follow later). */
export function placeProblems(place: { format: OfferingFormat; venue?: Venue | null; onlineLink?: string | null }): FieldProblem[] {
  if (place.format === 'onsite') {
    return [
      ...(place.venue ? [] : [{ field: 'venue', detail: 'is required for an on-site offering (format onsite)' }]),
      ...(place.onlineLink ? [{ field: 'onlineLink', detail: 'is only for online offerings (format online)' }] : []),
    ];
  }
  return place.venue ? [{ field: 'venue', detail: 'must be left out for an online offering (format online)' }] : [];
}

/** Where a date takes place, as one line: "Seminarzentrum, Musterstraße 1, 26121 Oldenburg", or "Online". */
export function locationLine(format: OfferingFormat, venue: Venue | null | undefined): string {
  if (format === 'online' || !venue) return 'Online';
  const town = [venue.postalCode, venue.city].filter(Boolean).join(' ');
  return [venue.name, venue.street, town].filter(Boolean).join(', ');
}

/** A time as RFC 3339 in UTC, the way offerings are answered and recorded. */
export const utc = (time: string) => new Date(time).toISOString();
export const utcSessions = (sessions: readonly Session[]): Session[] =>
  sessions.map((s) => ({ startsAt: utc(s.startsAt), endsAt: utc(s.endsAt) }));
