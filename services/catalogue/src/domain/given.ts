import { expect } from 'vitest';
import { type CatalogueCommand, decide, evolve, initialState } from './catalogue.ts';
import type { CatalogueEvent } from './events.ts';
import type { StoredCatalogueEvent } from './legacy-events.ts';
import type { NewOffering, NewSchedule, OfferingPatch } from './offering.ts';
import type { RejectionCode } from './rejections.ts';
import type { SeminarState } from './seminar.ts';
import type { SeminarChanges, SeminarFields } from './types.ts';

// The specs' language: given(events recorded).when(command).thenEvents(events recorded), or .thenRejected(code).
// Only specs import this file.

/** Ten weeks before the first date (Tue 16 Feb 2027, 09:00 Berlin). */
export const now = new Date('2026-12-01T10:00:00Z');
export const seminarId = '00000000-0000-4000-8000-000000000002';
export const offeringId = '00000000-0000-4000-8000-000000000001';

export const terms = { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true };
export const fields: SeminarFields = {
  title: 'Vergaberecht kompakt',
  topic: 'Vergabe',
  summary: '',
  description: '',
  audience: '',
  lecturers: ['Dr. A. Beispiel'],
  feeCents: 29000,
  vat: 'exempt-4-22a',
  cancellationTerms: terms,
};
export const oldenburg = { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' };
export const hannover = { name: 'Tagungszentrum', city: 'Hannover' };

type OfferingScheduled = Extract<CatalogueEvent, { type: 'OfferingScheduled' }>;

export const seminarCreated = (status: 'draft' | 'published' = 'published', more: Partial<SeminarFields> = {}): CatalogueEvent => ({
  type: 'SeminarCreated',
  data: { ...fields, ...more, seminarId, status, createdAt: '2026-11-01T10:00:00.000Z' },
});
export const seminarCancelled = (offeringIds: string[] = []): CatalogueEvent => ({
  type: 'SeminarCancelled',
  data: { seminarId, reason: 'Referent verstorben', offeringIds, cancelledAt: now.toISOString() },
});
export const seminarPublished = (): CatalogueEvent => ({ type: 'SeminarPublished', data: { seminarId, publishedAt: now.toISOString() } });

/** A published on-site date of two days, 16 seats, registration until 2 Feb. */
export const offeringScheduled = (more: Partial<OfferingScheduled['data']> = {}): OfferingScheduled => ({
  type: 'OfferingScheduled',
  data: {
    offeringId,
    seminarId,
    startsAt: '2027-02-16T08:00:00.000Z',
    endsAt: '2027-02-17T15:00:00.000Z',
    format: 'onsite',
    venue: oldenburg,
    capacity: 16,
    registrationDeadline: '2027-02-02',
    sessions: [{ startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }],
    status: 'published',
    scheduledAt: '2026-11-02T10:00:00.000Z',
    ...more,
  },
});
export const offeringCancelled = (id = offeringId): CatalogueEvent => ({
  type: 'OfferingCancelled',
  data: { offeringId: id, seminarId, reason: 'Referentin erkrankt', cancelledAt: now.toISOString() },
});

/** A new date as the back office sends it (times with offset, no sessions). */
export const newOffering: NewOffering = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  format: 'onsite',
  venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
  capacity: 16,
  registrationDeadline: '2027-02-02',
  status: 'published',
};

export const create = (status: 'draft' | 'published' = 'published', at = now): CatalogueCommand => ({
  type: 'CreateSeminar',
  data: { seminarId, fields, status, now: at },
});
export const update = (changes: SeminarChanges, at = now): CatalogueCommand => ({ type: 'UpdateSeminar', data: { changes, now: at } });
export const publishSeminar = (at = now): CatalogueCommand => ({ type: 'PublishSeminar', data: { now: at } });
export const cancelSeminar = (reason = 'Referent verstorben', at = now): CatalogueCommand => ({
  type: 'CancelSeminar',
  data: { reason, now: at },
});
export const schedule = (offering: Partial<NewOffering> = {}, id = offeringId, at = now): CatalogueCommand => ({
  type: 'ScheduleOffering',
  data: { offeringId: id, offering: { ...newOffering, ...offering }, now: at },
});
export const capacity = (seats: number, at = now): CatalogueCommand => ({
  type: 'ChangeCapacity',
  data: { offeringId, capacity: seats, now: at },
});
/** By default three weeks later, one day, venue and deadline kept. */
export const reschedule = (change: Partial<NewSchedule> = {}, at = now): CatalogueCommand => ({
  type: 'RescheduleOffering',
  data: { offeringId, schedule: { startsAt: '2027-03-09T09:00:00+01:00', endsAt: '2027-03-09T16:00:00+01:00', ...change }, now: at },
});
export const patch = (changes: OfferingPatch, at = now): CatalogueCommand => ({
  type: 'UpdateOffering',
  data: { offeringId, patch: changes, now: at },
});
export const publish = (at = now): CatalogueCommand => ({ type: 'PublishOffering', data: { offeringId, now: at } });
export const cancel = (reason = 'Referentin erkrankt', at = now): CatalogueCommand => ({
  type: 'CancelOffering',
  data: { offeringId, reason, now: at },
});

/** An event of this type whose data contains `data`. */
export const event = (type: CatalogueEvent['type'], data: Record<string, unknown> = {}) =>
  expect.objectContaining({ type, data: expect.objectContaining(data) });

/** The seminar these events fold to. */
export const folded = (...events: StoredCatalogueEvent[]): SeminarState => events.reduce(evolve, initialState());

export function given(...history: StoredCatalogueEvent[]) {
  const before = folded(...history);
  return {
    when(command: CatalogueCommand) {
      const decision = decide(command, before);
      return {
        thenEvents(expected: unknown[]) {
          expect(decision).toEqual(expected);
        },
        thenNothing() {
          expect(decision).toEqual([]);
        },
        /** Refused with this code, naming these fields (in order) when given. */
        thenRejected(code: RejectionCode, fields?: string[]) {
          expect(decision).toMatchObject({ rejected: true, code });
          if (fields) expect(('fields' in decision ? (decision.fields ?? []) : []).map((f) => f.field)).toEqual(fields);
        },
        /** The seminar after the decision. */
        state(): NonNullable<SeminarState> {
          if ('rejected' in decision) throw new Error(`Rejected: ${decision.detail}`);
          const after = decision.reduce(evolve, before);
          if (!after) throw new Error('No seminar after the decision');
          return after;
        },
      };
    },
  };
}
