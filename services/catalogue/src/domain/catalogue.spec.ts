import { describe, expect, it } from 'vitest';
import { evolveSeminar, scheduleOffering, updateSeminar } from './catalogue.ts';

const now = new Date('2026-11-26T10:00:00Z');
const input = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  venue: 'Oldenburg, Seminarzentrum',
  capacity: 16,
  registrationDeadline: '2027-02-02',
  status: 'published' as const,
};

describe('scheduling an offering', () => {
  it('publishes a date of an existing seminar', () => {
    const events = scheduleOffering(input, { id: 's1' }, 'o1', now);
    expect(events).toEqual([
      expect.objectContaining({ type: 'OfferingScheduled', data: expect.objectContaining({ status: 'published', capacity: 16 }) }),
    ]);
  });

  it('gives a date without sessions one session: the whole offering, in UTC', () => {
    const events = scheduleOffering(input, { id: 's1' }, 'o1', now);
    expect(events).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ sessions: [{ startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }] }),
      }),
    ]);
  });

  it('keeps the sessions given, in UTC', () => {
    const sessions = [
      { startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-16T12:00:00+01:00' },
      { startsAt: '2027-02-17T13:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00' },
    ];
    const events = scheduleOffering({ ...input, sessions }, { id: 's1' }, 'o1', now);
    expect(events).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          sessions: [
            { startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-16T11:00:00.000Z' },
            { startsAt: '2027-02-17T12:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' },
          ],
        }),
      }),
    ]);
  });

  it('keeps a draft a draft', () => {
    const events = scheduleOffering({ ...input, status: 'draft' }, { id: 's1' }, 'o1', now);
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ status: 'draft' }) })]);
  });

  it('refuses a date of an unknown seminar', () => {
    expect(scheduleOffering(input, null, 'o1', now)).toMatchObject({ rejected: true, code: 'seminar-not-found' });
  });

  it('refuses a date in the past', () => {
    const past = { ...input, startsAt: '2026-01-01T09:00:00Z', endsAt: '2026-01-01T16:00:00Z' };
    expect(scheduleOffering(past, { id: 's1' }, 'o1', now)).toMatchObject({ code: 'offering-in-the-past' });
  });
});

describe('updating a seminar', () => {
  const seminar = {
    title: 'Vergaberecht kompakt',
    topic: 'Vergabe',
    summary: '',
    description: '',
    audience: '',
    lecturers: ['Dr. A. Beispiel'],
    feeCents: 29000,
    vat: 'exempt-4-22a' as const,
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  };

  it('records only the fields whose value changes', () => {
    const events = updateSeminar(seminar, { title: 'Vergaberecht aktuell', topic: 'Vergabe', feeCents: 31000 }, 's1', now);
    expect(events).toEqual([
      {
        type: 'SeminarUpdated',
        data: { seminarId: 's1', changes: { title: 'Vergaberecht aktuell', feeCents: 31000 }, updatedAt: now.toISOString() },
      },
    ]);
  });

  it('compares lists and terms by value', () => {
    const same = { lecturers: ['Dr. A. Beispiel'], cancellationTerms: { ...seminar.cancellationTerms } };
    expect(updateSeminar(seminar, same, 's1', now)).toEqual([]);
    const other = { cancellationTerms: { ...seminar.cancellationTerms, substituteAllowed: false } };
    expect(updateSeminar(seminar, other, 's1', now)).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ changes: other }) }),
    ]);
  });

  it('changes nothing when every value stays the same', () =>
    expect(updateSeminar(seminar, { title: seminar.title }, 's1', now)).toEqual([]));

  it('merges the changes into the seminar', () =>
    expect(evolveSeminar(seminar, { summary: 'Neu' })).toEqual({ ...seminar, summary: 'Neu' }));

  it('refuses a seminar it does not know', () =>
    expect(updateSeminar(null, { title: 'x' }, 's1', now)).toMatchObject({ rejected: true, code: 'seminar-not-found' }));
});
