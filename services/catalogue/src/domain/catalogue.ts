import { assertNever, type Decider } from '@seminarwerk/decider';
import { utc } from './date-and-place.ts';
import type { CatalogueEvent } from './events.ts';
import { type StoredCatalogueEvent, upcast } from './legacy-events.ts';
import {
  cancelOffering,
  changeCapacity,
  evolveOffering,
  type NewOffering,
  type NewSchedule,
  type OfferingPatch,
  publishOffering,
  rescheduleOffering,
  scheduleOffering,
  updateOffering,
} from './offering.ts';
import type { CatalogueRejection } from './rejections.ts';
import { type CatalogueDecision, cancelSeminar, createSeminar, publishSeminar, type SeminarState, updateSeminar } from './seminar.ts';
import type { SeminarChanges, SeminarFields } from './types.ts';

/**
 * What the back office asks of a seminar or one of its dates. Time comes in with the command; ids of new
 * things too. A command on a date names it; the stream it runs on is its seminar's.
 */
export type CatalogueCommand =
  | { type: 'CreateSeminar'; data: { seminarId: string; fields: SeminarFields; status: 'draft' | 'published'; now: Date } }
  | { type: 'UpdateSeminar'; data: { changes: SeminarChanges; now: Date } }
  | { type: 'PublishSeminar'; data: { now: Date } }
  | { type: 'CancelSeminar'; data: { reason: string; now: Date } }
  | { type: 'ScheduleOffering'; data: { offeringId: string; offering: NewOffering; now: Date } }
  | { type: 'ChangeCapacity'; data: { offeringId: string; capacity: number; now: Date } }
  | { type: 'RescheduleOffering'; data: { offeringId: string; schedule: NewSchedule; now: Date } }
  | { type: 'UpdateOffering'; data: { offeringId: string; patch: OfferingPatch; now: Date } }
  | { type: 'PublishOffering'; data: { offeringId: string; now: Date } }
  | { type: 'CancelOffering'; data: { offeringId: string; reason: string; now: Date } };

export function decide(command: CatalogueCommand, seminar: SeminarState): CatalogueDecision {
  switch (command.type) {
    case 'CreateSeminar':
      return createSeminar(seminar, command.data);
    case 'UpdateSeminar':
      return updateSeminar(seminar, command.data);
    case 'PublishSeminar':
      return publishSeminar(seminar, command.data);
    case 'CancelSeminar':
      return cancelSeminar(seminar, command.data);
    case 'ScheduleOffering':
      return scheduleOffering(seminar, command.data);
    case 'ChangeCapacity':
      return changeCapacity(seminar, command.data);
    case 'RescheduleOffering':
      return rescheduleOffering(seminar, command.data);
    case 'UpdateOffering':
      return updateOffering(seminar, command.data);
    case 'PublishOffering':
      return publishOffering(seminar, command.data);
    case 'CancelOffering':
      return cancelOffering(seminar, command.data);
    default:
      return assertNever(command, 'catalogue command');
  }
}

/**
 * The seminar after one more event of its stream. Takes events as they were stored, in any earlier shape.
 * `SeminarCancelled` changes only the seminar: each of its dates has its own `OfferingCancelled` after it.
 * A date's start and end are kept in UTC (events record them as given, with the sender's offset), so what
 * is decided from the state says them the way the catalogue answers them.
 */
export function evolve(seminar: SeminarState, stored: StoredCatalogueEvent): SeminarState {
  const event = upcast(stored);
  if (event.type === 'SeminarCreated') {
    const { seminarId, status, createdAt: _, ...fields } = event.data;
    return { ...fields, seminarId, status, offerings: {} };
  }
  if (!seminar) return seminar; // nothing recorded before it: a stream that does not start with SeminarCreated folds to nothing
  switch (event.type) {
    case 'SeminarUpdated':
      return { ...seminar, ...event.data.changes };
    case 'SeminarPublished':
      return { ...seminar, status: 'published' };
    case 'SeminarCancelled':
      return { ...seminar, status: 'cancelled' };
    case 'OfferingScheduled': {
      const { scheduledAt: _, ...scheduled } = event.data;
      const offering = { ...scheduled, startsAt: utc(scheduled.startsAt), endsAt: utc(scheduled.endsAt) };
      return { ...seminar, offerings: { ...seminar.offerings, [offering.offeringId]: offering } };
    }
    default: {
      const offering = seminar.offerings[event.data.offeringId];
      if (!offering) return seminar;
      return { ...seminar, offerings: { ...seminar.offerings, [offering.offeringId]: evolveOffering(offering, event) } };
    }
  }
}

export const initialState = (): SeminarState => null;

/** The seminar aggregate's rules, for the one command handler (packages/postgres). */
export const catalogueDecider: Decider<CatalogueCommand, CatalogueEvent, SeminarState, CatalogueRejection> = {
  initialState,
  evolve,
  decide,
};
