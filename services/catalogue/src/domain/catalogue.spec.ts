import { describe, expect, it } from 'vitest';
import { cancelSeminar, evolveSeminar, publishSeminar, scheduleOffering, updateSeminar } from './catalogue.ts';

const now = new Date('2026-11-26T10:00:00Z');
const input = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  format: 'onsite' as const,
  venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
  capacity: 16,
  registrationDeadline: '2027-02-02',
  status: 'published' as const,
};

const publicSeminar = { id: 's1', status: 'published' };

describe('scheduling an offering', () => {
  it('publishes a date of an existing seminar', () => {
    const events = scheduleOffering(input, publicSeminar, 'o1', now);
    expect(events).toEqual([
      expect.objectContaining({ type: 'OfferingScheduled', data: expect.objectContaining({ status: 'published', capacity: 16 }) }),
    ]);
  });

  it('gives a date without sessions one session: the whole offering, in UTC', () => {
    const events = scheduleOffering(input, publicSeminar, 'o1', now);
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
    const events = scheduleOffering({ ...input, sessions }, publicSeminar, 'o1', now);
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
    const events = scheduleOffering({ ...input, status: 'draft' }, publicSeminar, 'o1', now);
    expect(events).toEqual([expect.objectContaining({ data: expect.objectContaining({ status: 'draft' }) })]);
  });

  it('refuses a date of an unknown seminar', () => {
    expect(scheduleOffering(input, null, 'o1', now)).toMatchObject({ rejected: true, code: 'seminar-not-found' });
  });

  it('refuses a published date of a draft seminar, but takes a draft one', () => {
    const draftSeminar = { id: 's1', status: 'draft' };
    expect(scheduleOffering(input, draftSeminar, 'o1', now)).toMatchObject({ rejected: true, code: 'seminar-not-published' });
    expect(scheduleOffering({ ...input, status: 'draft' }, draftSeminar, 'o1', now)).toEqual([
      expect.objectContaining({ type: 'OfferingScheduled' }),
    ]);
  });

  it('refuses any date of a cancelled seminar', () =>
    expect(scheduleOffering({ ...input, status: 'draft' }, { id: 's1', status: 'cancelled' }, 'o1', now)).toMatchObject({
      code: 'seminar-cancelled',
    }));

  it('refuses a date in the past', () => {
    const past = { ...input, startsAt: '2026-01-01T09:00:00Z', endsAt: '2026-01-01T16:00:00Z' };
    expect(scheduleOffering(past, publicSeminar, 'o1', now)).toMatchObject({ code: 'offering-in-the-past' });
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
    status: 'published' as const,
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

  it('refuses a cancelled seminar', () =>
    expect(updateSeminar({ ...seminar, status: 'cancelled' }, { title: 'x' }, 's1', now)).toMatchObject({ code: 'seminar-cancelled' }));
});

describe('publishing and cancelling a seminar', () => {
  const seminar = {
    title: 'Wahlvorstände schulen',
    topic: 'Wahlen',
    summary: '',
    description: '',
    audience: '',
    lecturers: [],
    feeCents: 0,
    vat: 'exempt-4-22a' as const,
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  };
  const draft = { ...seminar, status: 'draft' as const };
  const published = { ...seminar, status: 'published' as const };
  const cancelled = { ...seminar, status: 'cancelled' as const };
  const offerings = [
    { offeringId: 'o1', status: 'published' },
    { offeringId: 'o2', status: 'cancelled' },
    { offeringId: 'o3', status: 'draft' },
  ];

  it('publishes a draft', () =>
    expect(publishSeminar(draft, 's1', now)).toEqual([
      { type: 'SeminarPublished', data: { seminarId: 's1', publishedAt: now.toISOString() } },
    ]));

  it('changes nothing when publishing a published seminar', () => expect(publishSeminar(published, 's1', now)).toEqual([]));

  it('refuses to publish a cancelled or unknown seminar', () => {
    expect(publishSeminar(cancelled, 's1', now)).toMatchObject({ code: 'seminar-cancelled' });
    expect(publishSeminar(null, 's1', now)).toMatchObject({ code: 'seminar-not-found' });
  });

  it('cancels the seminar and every date not cancelled yet, with the same reason', () =>
    expect(cancelSeminar(published, offerings, ' Referent verstorben ', 's1', now)).toEqual([
      {
        type: 'SeminarCancelled',
        data: { seminarId: 's1', reason: 'Referent verstorben', offeringIds: ['o1', 'o3'], cancelledAt: now.toISOString() },
      },
      {
        type: 'OfferingCancelled',
        data: { offeringId: 'o1', seminarId: 's1', reason: 'Referent verstorben', cancelledAt: now.toISOString() },
      },
      {
        type: 'OfferingCancelled',
        data: { offeringId: 'o3', seminarId: 's1', reason: 'Referent verstorben', cancelledAt: now.toISOString() },
      },
    ]));

  it('cancels a draft seminar too', () =>
    expect(cancelSeminar(draft, [], 'nicht mehr geplant', 's1', now)).toEqual([expect.objectContaining({ type: 'SeminarCancelled' })]));

  it('refuses to cancel twice, an unknown seminar, or without a reason', () => {
    expect(cancelSeminar(cancelled, offerings, 'x', 's1', now)).toMatchObject({ code: 'seminar-already-cancelled' });
    expect(cancelSeminar(null, [], 'x', 's1', now)).toMatchObject({ code: 'seminar-not-found' });
    expect(cancelSeminar(published, offerings, '  ', 's1', now)).toMatchObject({ code: 'invalid-field', field: 'reason' });
  });
});
