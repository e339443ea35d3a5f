import type { Decision } from '@seminarwerk/decider';
import type { CatalogueEvent } from './events.ts';
import { type CatalogueRejection, invalidField, reject, seminarCancelled, seminarNotFound } from './rejections.ts';
import {
  type DateAndPlace,
  type OfferingStatus,
  type SeminarChanges,
  type SeminarFields,
  type SeminarStatus,
  seminarFieldNames,
} from './types.ts';

/** A date of the seminar as its rules see it. */
export interface Offering extends DateAndPlace {
  capacity: number;
  status: OfferingStatus;
}

/**
 * The aggregate: a seminar with all its dates, folded from its one stream. Rules that span the seminar and
 * its dates (a draft seminar has only draft dates, cancelling it cancels every open date, a cancelled one
 * changes no more) are decided on this one state, so no lock order between rows has to keep them.
 */
export interface Seminar extends SeminarFields {
  seminarId: string;
  status: SeminarStatus;
  /** By offering id. */
  offerings: Readonly<Record<string, Offering>>;
}

/** `null`: the stream is empty, there is no seminar with this id. */
export type SeminarState = Seminar | null;

/** What a command on the seminar comes to: the events to record, or why not. */
export type CatalogueDecision = Decision<CatalogueEvent, CatalogueRejection>;

export function createSeminar(
  seminar: SeminarState,
  command: { seminarId: string; fields: SeminarFields; status: 'draft' | 'published'; now: Date },
): CatalogueDecision {
  if (seminar) return reject('seminar-already-exists', 'There is a seminar with this id already');
  const { seminarId, fields, status, now } = command;
  return [{ type: 'SeminarCreated', data: { ...fields, seminarId, status, createdAt: now.toISOString() } }];
}

/** A partial update (JSON merge). Only fields whose value differs are changes; none at all records nothing. */
export function updateSeminar(seminar: SeminarState, command: { changes: SeminarChanges; now: Date }): CatalogueDecision {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return seminarCancelled();
  const changes: Record<string, unknown> = {};
  for (const field of seminarFieldNames) {
    const value = command.changes[field];
    if (value !== undefined && !sameValue(value, seminar[field])) changes[field] = value;
  }
  if (Object.keys(changes).length === 0) return [];
  const data = { seminarId: seminar.seminarId, changes: changes as SeminarChanges, updatedAt: command.now.toISOString() };
  return [{ type: 'SeminarUpdated', data }];
}

/** A draft seminar goes public. Publishing it again changes nothing; a cancelled one stays cancelled. */
export function publishSeminar(seminar: SeminarState, command: { now: Date }): CatalogueDecision {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return seminarCancelled();
  if (seminar.status === 'published') return [];
  return [{ type: 'SeminarPublished', data: { seminarId: seminar.seminarId, publishedAt: command.now.toISOString() } }];
}

/**
 * The institute calls a seminar off, and with it, in the same decision, every date not cancelled yet (with the
 * same reason; registration then cancels their registrations free of charge). Final.
 */
export function cancelSeminar(seminar: SeminarState, command: { reason: string; now: Date }): CatalogueDecision {
  if (!seminar) return seminarNotFound();
  if (seminar.status === 'cancelled') return reject('seminar-already-cancelled', 'The seminar was cancelled before');
  const reason = command.reason.trim();
  if (reason.length < 1 || reason.length > 500) return invalidField('reason', 'must have 1 to 500 characters');
  const { seminarId } = seminar;
  const cancelledAt = command.now.toISOString();
  // In id order, so the event lists them the same way however they were scheduled.
  const open = Object.values(seminar.offerings)
    .filter((o) => o.status !== 'cancelled')
    .map((o) => o.offeringId)
    .sort();
  return [
    { type: 'SeminarCancelled', data: { seminarId, reason, offeringIds: open, cancelledAt } },
    ...open.map((offeringId): CatalogueEvent => ({ type: 'OfferingCancelled', data: { offeringId, seminarId, reason, cancelledAt } })),
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
