import { describe, expect, it } from 'vitest';
import { folded, offeringId, seminarId } from './given.ts';
import type { StoredCatalogueEvent } from './legacy-events.ts';

/** A seminar and its date as the first catalogue recorded them: no status, the place as one line, no sessions. */
const firstShapes = [
  {
    type: 'SeminarCreated',
    data: {
      seminarId,
      title: 'Haushaltsrecht',
      topic: 'Finanzen',
      summary: '',
      description: '',
      audience: '',
      lecturers: [],
      feeCents: 19000,
      vat: 'exempt-4-22a',
      cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
      createdAt: '2026-11-26T10:00:00.000Z',
    },
  },
  {
    type: 'OfferingScheduled',
    data: {
      offeringId,
      seminarId,
      startsAt: '2027-03-02T09:00:00+01:00',
      endsAt: '2027-03-02T16:00:00+01:00',
      venue: 'Oldenburg, Seminarzentrum',
      capacity: 12,
      registrationDeadline: '2027-02-16',
      status: 'published',
      scheduledAt: '2026-11-26T10:01:00.000Z',
    },
  },
] as StoredCatalogueEvent[];

describe('events of earlier shapes', () => {
  it('fold to a published seminar with an on-site date in one session, the place read as the table reads it', () =>
    expect(folded(...firstShapes)).toMatchObject({
      status: 'published',
      offerings: {
        [offeringId]: {
          format: 'onsite',
          venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
          sessions: [{ startsAt: '2027-03-02T08:00:00.000Z', endsAt: '2027-03-02T15:00:00.000Z' }],
          capacity: 12,
          status: 'published',
        },
      },
    }));

  it('read a one-line place starting with "Online" as an online date', () => {
    const rescheduled = {
      type: 'OfferingRescheduled',
      data: {
        offeringId,
        seminarId,
        startsAt: '2027-03-09T09:00:00+01:00',
        endsAt: '2027-03-09T16:00:00+01:00',
        venue: 'Online (Videokonferenz)',
        registrationDeadline: '2027-02-23',
        previous: { startsAt: '2027-03-02T09:00:00+01:00', endsAt: '2027-03-02T16:00:00+01:00', venue: 'Oldenburg, Seminarzentrum' },
        rescheduledAt: '2026-11-27T10:00:00.000Z',
      },
    } as StoredCatalogueEvent;
    expect(folded(...firstShapes, rescheduled)?.offerings[offeringId]).toMatchObject({
      format: 'online',
      venue: null,
      startsAt: '2027-03-09T08:00:00.000Z',
      sessions: [{ startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' }],
    });
  });

  it('take an online date scheduled without a venue key', () => {
    const [created, scheduled] = firstShapes as [StoredCatalogueEvent, { type: string; data: Record<string, unknown> }];
    const { venue: _, ...withoutVenue } = scheduled.data;
    const online = { type: 'OfferingScheduled', data: { ...withoutVenue, format: 'online' } } as StoredCatalogueEvent;
    expect(folded(created, online)?.offerings[offeringId]).toMatchObject({ format: 'online', venue: null });
  });
});
