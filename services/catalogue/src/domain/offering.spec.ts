import { describe, expect, it } from 'vitest';
import type { CatalogueEvent } from './events.ts';
import {
  cancel,
  capacity,
  event,
  given,
  hannover,
  now,
  offeringCancelled,
  offeringId,
  offeringScheduled,
  oldenburg,
  publish,
  reschedule,
  schedule,
  seminarCancelled,
  seminarCreated,
  seminarId,
} from './given.ts';

/** A seminar with one published date (16 seats, 16–17 Feb 2027 in Oldenburg, registration until 2 Feb). */
const published = [seminarCreated(), offeringScheduled()];
const draft = [seminarCreated(), offeringScheduled({ status: 'draft' })];
const cancelled = [...published, offeringCancelled()];
const dateOf = (history: CatalogueEvent[]) =>
  given(...history)
    .when(capacity(1))
    .state().offerings[offeringId];

describe('scheduling a date', () => {
  it('publishes a date of a published seminar, in UTC, with one session: the whole date', () =>
    given(seminarCreated())
      .when(schedule())
      .thenEvents([
        {
          type: 'OfferingScheduled',
          data: {
            offeringId,
            seminarId,
            startsAt: '2027-02-16T09:00:00+01:00',
            endsAt: '2027-02-17T16:00:00+01:00',
            format: 'onsite',
            venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
            capacity: 16,
            registrationDeadline: '2027-02-02',
            status: 'published',
            sessions: [{ startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }],
            scheduledAt: now.toISOString(),
          },
        },
      ]));

  it('keeps the sessions given, in UTC', () =>
    given(seminarCreated())
      .when(
        schedule({
          sessions: [
            { startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-16T12:00:00+01:00' },
            { startsAt: '2027-02-17T13:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00' },
          ],
        }),
      )
      .thenEvents([
        event('OfferingScheduled', {
          sessions: [
            { startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-16T11:00:00.000Z' },
            { startsAt: '2027-02-17T12:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' },
          ],
        }),
      ]));

  it('adds the date to the seminar, in UTC, as a draft when asked', () =>
    expect(
      given(seminarCreated())
        .when(schedule({ status: 'draft' }))
        .state().offerings[offeringId],
    ).toMatchObject({ status: 'draft', capacity: 16, startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }));

  it('takes only draft dates for a draft seminar', () => {
    given(seminarCreated('draft')).when(schedule()).thenRejected('seminar-not-published');
    given(seminarCreated('draft'))
      .when(schedule({ status: 'draft' }))
      .thenEvents([event('OfferingScheduled', { status: 'draft' })]);
  });

  it('takes no date at all for a cancelled seminar', () =>
    given(seminarCreated(), seminarCancelled())
      .when(schedule({ status: 'draft' }))
      .thenRejected('seminar-cancelled'));

  it('refuses a date of an unknown seminar', () => given().when(schedule()).thenRejected('seminar-not-found'));

  it('refuses a date in the past, naming startsAt', () =>
    given(seminarCreated())
      .when(schedule({ startsAt: '2026-01-01T09:00:00Z', endsAt: '2026-01-01T16:00:00Z', registrationDeadline: '2025-12-20' }))
      .thenRejected('offering-in-the-past', ['startsAt']));

  it('names every field that breaks a rule at once, before anything else', () =>
    given()
      .when(
        schedule({
          endsAt: '2027-02-16T08:00:00+01:00',
          registrationDeadline: '2027-02-20',
          format: 'online',
          sessions: [{ startsAt: '2027-02-16T08:00:00+01:00', endsAt: '2027-02-16T09:00:00+01:00' }],
        }),
      )
      .thenRejected('invalid-field', ['endsAt', 'registrationDeadline', 'sessions.0.startsAt', 'sessions.0.endsAt', 'venue']));
});

describe('changing the capacity of a date', () => {
  it('records the new and the previous number of seats', () =>
    given(...published)
      .when(capacity(20))
      .thenEvents([
        { type: 'OfferingCapacityChanged', data: { offeringId, capacity: 20, previousCapacity: 16, changedAt: now.toISOString() } },
      ]));

  it('may lower the capacity: what that means for confirmed participants is registration’s decision', () =>
    given(...published)
      .when(capacity(2))
      .thenEvents([event('OfferingCapacityChanged', { capacity: 2, previousCapacity: 16 })]));

  it('changes the capacity and nothing else', () =>
    expect(
      given(...published)
        .when(capacity(20))
        .state().offerings[offeringId],
    ).toEqual({ ...dateOf(published), capacity: 20 }));

  it('changes nothing when the capacity is the same', () =>
    given(...published)
      .when(capacity(16))
      .thenNothing());

  it('refuses a capacity below 1, naming the field', () =>
    given(...published)
      .when(capacity(0))
      .thenRejected('invalid-field', ['capacity']));

  it('refuses a date it does not know, and a cancelled one', () => {
    given(seminarCreated()).when(capacity(20)).thenRejected('offering-not-found');
    given(...cancelled)
      .when(capacity(20))
      .thenRejected('offering-cancelled');
  });
});

describe('cancelling a date', () => {
  it('records the reason and the time', () =>
    given(...published)
      .when(cancel('Referentin erkrankt'))
      .thenEvents([
        { type: 'OfferingCancelled', data: { offeringId, seminarId, reason: 'Referentin erkrankt', cancelledAt: now.toISOString() } },
      ]));

  it('cancels the date, not the seminar', () => {
    const after = given(...published)
      .when(cancel())
      .state();
    expect(after.offerings[offeringId]?.status).toBe('cancelled');
    expect(after.status).toBe('published');
  });

  it('refuses to cancel twice', () =>
    given(...cancelled)
      .when(cancel())
      .thenRejected('offering-already-cancelled'));

  it('refuses an empty reason or one over 500 characters, naming the field', () => {
    given(...published)
      .when(cancel('   '))
      .thenRejected('invalid-field', ['reason']);
    given(...published)
      .when(cancel('x'.repeat(501)))
      .thenRejected('invalid-field', ['reason']);
  });

  it('refuses a date it does not know', () => given(seminarCreated()).when(cancel()).thenRejected('offering-not-found'));
});

describe('publishing a draft date', () => {
  it('records the date as it is now, published', () =>
    given(...draft, { type: 'OfferingCapacityChanged', data: { offeringId, capacity: 30, previousCapacity: 16, changedAt: '' } })
      .when(publish())
      .thenEvents([
        {
          type: 'OfferingPublished',
          data: {
            offeringId,
            seminarId,
            startsAt: '2027-02-16T08:00:00.000Z',
            endsAt: '2027-02-17T15:00:00.000Z',
            format: 'onsite',
            venue: oldenburg,
            capacity: 30,
            registrationDeadline: '2027-02-02',
            sessions: [{ startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }],
            status: 'published',
            publishedAt: now.toISOString(),
          },
        },
      ]));

  it('changes nothing for a date that is published already', () =>
    given(...published)
      .when(publish())
      .thenNothing());

  it('refuses a cancelled date, and one it does not know', () => {
    given(...draft, offeringCancelled())
      .when(publish())
      .thenRejected('offering-cancelled');
    given(seminarCreated()).when(publish()).thenRejected('offering-not-found');
  });

  it('needs a published seminar', () =>
    given(seminarCreated('draft'), offeringScheduled({ status: 'draft' }))
      .when(publish())
      .thenRejected('seminar-not-published'));

  it('refuses a draft that has started', () =>
    given(...draft)
      .when(publish(new Date('2027-02-16T09:00:00Z')))
      .thenRejected('offering-in-the-past', ['startsAt']));
});

describe('rescheduling a date', () => {
  it('records the new date with the venue and deadline kept, and the previous date and place', () =>
    given(...published)
      .when(reschedule())
      .thenEvents([
        {
          type: 'OfferingRescheduled',
          data: {
            offeringId,
            seminarId,
            startsAt: '2027-03-09T09:00:00+01:00',
            endsAt: '2027-03-09T16:00:00+01:00',
            format: 'onsite',
            venue: oldenburg,
            registrationDeadline: '2027-02-02',
            sessions: [{ startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' }],
            previous: {
              startsAt: '2027-02-16T08:00:00.000Z',
              endsAt: '2027-02-17T15:00:00.000Z',
              location: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg',
            },
            rescheduledAt: now.toISOString(),
          },
        },
      ]));

  it('moves the date (kept in UTC), venue and deadline', () =>
    expect(
      given(...published)
        .when(reschedule({ venue: hannover, registrationDeadline: '2027-02-23' }))
        .state().offerings[offeringId],
    ).toEqual({
      ...dateOf(published),
      capacity: 16,
      startsAt: '2027-03-09T08:00:00.000Z',
      endsAt: '2027-03-09T15:00:00.000Z',
      venue: hannover,
      registrationDeadline: '2027-02-23',
      sessions: [{ startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' }],
    }));

  it('changes nothing when date, venue and deadline are the same (in any offset)', () =>
    given(...published)
      .when(reschedule({ startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00', venue: { ...oldenburg } }))
      .thenNothing());

  it('refuses a start that is not in the future, naming startsAt', () =>
    given(...published)
      .when(reschedule({ startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T16:00:00Z', registrationDeadline: '2026-11-30' }))
      .thenRejected('offering-in-the-past', ['startsAt']));

  it('names what the new date breaks on its own all at once, before it looks at the date it replaces', () =>
    given(seminarCreated())
      .when(reschedule({ endsAt: '2027-03-09T09:00:00+01:00', registrationDeadline: '2027-03-10' }))
      .thenRejected('invalid-field', ['endsAt', 'registrationDeadline']));

  it('refuses to keep a deadline that the earlier new start has overtaken', () =>
    given(...published)
      .when(reschedule({ startsAt: '2027-01-20T09:00:00+01:00', endsAt: '2027-01-20T16:00:00+01:00' }))
      .thenRejected('invalid-field', ['registrationDeadline']));

  it('refuses a date it does not know, and a cancelled one', () => {
    given(seminarCreated()).when(reschedule()).thenRejected('offering-not-found');
    given(...cancelled)
      .when(reschedule())
      .thenRejected('offering-cancelled');
  });
});
