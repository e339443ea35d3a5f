import type { OfferingFormat, OfferingInput, SeminarInput, Session, Venue } from '@seminarwerk/contracts/api';
import { seminarPatchFields } from '@seminarwerk/contracts/api';

/** An offering's date and place, as the offering events record them in full. Times are RFC 3339. */
export interface DateAndPlace {
  offeringId: string;
  seminarId: string;
  startsAt: string;
  endsAt: string;
  format: OfferingFormat;
  /** On-site dates only. */
  venue: Venue | null;
  /** Online dates only, and only once known. */
  onlineLink?: string;
  /** `YYYY-MM-DD`, the last day to register. */
  registrationDeadline: string;
  /** The days of the offering, in UTC, in order. */
  sessions: Session[];
}

/** What the back office changes on an offering after scheduling it; each in the offering's own stream. */
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

/** Catalogue domain events, recorded in the catalogue's own streams (`seminar-<id>`, `offering-<id>`). */
export type CatalogueEvent =
  | { type: 'SeminarCreated'; data: SeminarInput & { seminarId: string; createdAt: string } }
  | {
      type: 'OfferingScheduled';
      data: Omit<OfferingInput, 'sessions'> & {
        offeringId: string;
        seminarId: string;
        status: 'draft' | 'published';
        /** In UTC; one session, the whole offering, when none were given. */
        sessions: Session[];
        scheduledAt: string;
      };
    }
  | { type: 'SeminarUpdated'; data: { seminarId: string; changes: SeminarChanges; updatedAt: string } }
  | { type: 'SeminarPublished'; data: { seminarId: string; publishedAt: string } }
  | {
      /** Recorded in the seminar's stream; each of `offeringIds` gets an `OfferingCancelled` in its own stream. */
      type: 'SeminarCancelled';
      data: { seminarId: string; reason: string; offeringIds: string[]; cancelledAt: string };
    }
  | OfferingChange;

export type SeminarStatus = 'draft' | 'published' | 'cancelled';

/** What the seminar rules decide on: the seminar's fields and status. */
export type SeminarState = Omit<SeminarInput, 'status'> & { status: SeminarStatus };

/** The fields of a seminar the back office may change after creating it. */
export type SeminarChanges = Partial<Pick<SeminarInput, (typeof seminarPatchFields)[number]>>;

export type RejectionCode =
  | 'seminar-not-found'
  | 'seminar-not-published'
  | 'seminar-cancelled'
  | 'seminar-already-cancelled'
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

const seminarNotFound = () => reject('seminar-not-found', 'There is no seminar with this id');
const seminarCancelled = () => reject('seminar-cancelled', 'The seminar is cancelled and cannot change any more');
export const seminarNotPublished = () =>
  reject(
    'seminar-not-published',
    'The seminar is a draft: publish it first (POST /v1/seminars/{seminarId}/publish), or schedule the date as a draft',
  );

export function createSeminar(input: SeminarInput, seminarId: string, now: Date): CatalogueEvent[] {
  return [{ type: 'SeminarCreated', data: { ...input, seminarId, createdAt: now.toISOString() } }];
}

/**
 * A partial update (JSON merge) of a seminar. Only fields whose value differs are changes; none at all
 * changes nothing (no event).
 */
export function updateSeminar(
  seminar: SeminarState | null,
  patch: SeminarChanges,
  seminarId: string,
  now: Date,
): CatalogueEvent[] | Rejection {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return seminarCancelled();
  const changes: Record<string, unknown> = {};
  for (const field of seminarPatchFields) {
    const value = patch[field];
    if (value !== undefined && !sameValue(value, seminar[field])) changes[field] = value;
  }
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'SeminarUpdated', data: { seminarId, changes: changes as SeminarChanges, updatedAt: now.toISOString() } }];
}

/** A draft seminar goes public. Publishing it again changes nothing; a cancelled one stays cancelled. */
export function publishSeminar(seminar: SeminarState | null, seminarId: string, now: Date): CatalogueEvent[] | Rejection {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return seminarCancelled();
  if (seminar.status === 'published') return [];
  return [{ type: 'SeminarPublished', data: { seminarId, publishedAt: now.toISOString() } }];
}

/**
 * The institute calls a seminar off, and with it every date that is not cancelled yet (each in its own
 * stream, with the same reason; registration then cancels their registrations free of charge). Final.
 */
export function cancelSeminar(
  seminar: SeminarState | null,
  offerings: readonly { offeringId: string; status: string }[],
  reason: string,
  seminarId: string,
  now: Date,
): CatalogueEvent[] | Rejection {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return reject('seminar-already-cancelled', 'The seminar was cancelled before');
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > 500) return reject('invalid-field', 'must have 1 to 500 characters', 'reason');
  const cancelledAt = now.toISOString();
  const open = offerings.filter((o) => o.status !== 'cancelled').map((o) => o.offeringId);
  return [
    { type: 'SeminarCancelled', data: { seminarId, reason: trimmed, offeringIds: open, cancelledAt } },
    ...open.map(
      (offeringId): CatalogueEvent => ({ type: 'OfferingCancelled', data: { offeringId, seminarId, reason: trimmed, cancelledAt } }),
    ),
  ];
}

/** Structural equality of JSON values (object keys in any order). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The seminar after an update: what the read model stores. */
export function evolveSeminar<S extends SeminarState>(seminar: S, changes: SeminarChanges): S {
  return { ...seminar, ...changes };
}

/** A time as RFC 3339 in UTC, the way the read model answers it. */
export const utc = (time: string) => new Date(time).toISOString();
export const utcSessions = (sessions: readonly Session[]): Session[] =>
  sessions.map((s) => ({ startsAt: utc(s.startsAt), endsAt: utc(s.endsAt) }));

/**
 * A new date of a seminar: published at once, or a draft that is neither public nor open until published.
 * Without sessions it has one, the whole offering (the input schema checks given sessions).
 */
export function scheduleOffering(
  input: OfferingInput,
  seminar: { id: string; status: string } | null,
  offeringId: string,
  now: Date,
): CatalogueEvent[] | Rejection {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return seminarCancelled();
  if (seminar.status !== 'published' && input.status === 'published') return seminarNotPublished();
  if (Date.parse(input.startsAt) <= now.getTime()) {
    return reject('offering-in-the-past', 'startsAt must be in the future', 'startsAt');
  }
  return [
    {
      type: 'OfferingScheduled',
      data: {
        ...input,
        offeringId,
        seminarId: seminar.id,
        status: input.status,
        sessions: utcSessions(input.sessions ?? [{ startsAt: input.startsAt, endsAt: input.endsAt }]),
        scheduledAt: now.toISOString(),
      },
    },
  ];
}
