import { describe, expect, it } from 'vitest';
import type { OfferingChange, RejectionCode } from './catalogue.ts';
import {
  cancelOffering,
  changeCapacity,
  type Decision,
  evolveOffering,
  type NewSchedule,
  type OfferingState,
  publishOffering,
  rescheduleOffering,
  updateOffering,
} from './offering.ts';

/** Ten weeks before the start (Tue 16 Feb 2027, 09:00 Berlin). */
const now = new Date('2026-12-01T10:00:00Z');

const oldenburg = { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' };
const published: OfferingState = {
  offeringId: '00000000-0000-4000-8000-000000000001',
  seminarId: '00000000-0000-4000-8000-000000000002',
  startsAt: '2027-02-16T08:00:00.000Z',
  endsAt: '2027-02-17T15:00:00.000Z',
  format: 'onsite',
  venue: oldenburg,
  capacity: 16,
  registrationDeadline: '2027-02-02',
  sessions: [{ startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }],
  status: 'published',
};
const hannover = { name: 'Tagungszentrum', city: 'Hannover' };
const cancelledOffering: OfferingState = { ...published, status: 'cancelled' };
const draft: OfferingState = { ...published, status: 'draft' };

type Command = (offering: OfferingState | null) => Decision;
const capacity =
  (seats: number, at = now): Command =>
  (o) =>
    changeCapacity(o, seats, at);
const reschedule =
  (schedule: Partial<NewSchedule> = {}, at = now): Command =>
  (o) =>
    rescheduleOffering(o, { startsAt: '2027-03-09T09:00:00+01:00', endsAt: '2027-03-09T16:00:00+01:00', ...schedule }, at);
const cancel =
  (reason = 'Referentin erkrankt', at = now): Command =>
  (o) =>
    cancelOffering(o, reason, at);
const publish =
  (at = now): Command =>
  (o) =>
    publishOffering(o, 'published', at);

/** given(offering).when(command).thenEvents(events) — or .thenRejected(code), .thenNothing(). */
function given(offering: OfferingState | null) {
  return {
    when(command: Command) {
      const result = command(offering);
      return {
        thenEvents(expected: unknown[]) {
          expect(result).toEqual(expected);
        },
        thenRejected(code: RejectionCode, more: { field?: string } = {}) {
          expect(result).toMatchObject({ rejected: true, code, ...more });
        },
        thenNothing() {
          expect(result).toEqual([]);
        },
        /** The offering after the decision, as the read model stores it. */
        state(): OfferingState {
          if ('rejected' in result) throw new Error(`Rejected: ${result.detail}`);
          return result.reduce(evolveOffering, offering as OfferingState);
        },
      };
    },
  };
}

const event = (type: OfferingChange['type'], data: Record<string, unknown> = {}) =>
  expect.objectContaining({ type, data: expect.objectContaining(data) });

describe('changing the capacity of an offering', () => {
  it('records the new and the previous number of seats', () =>
    given(published)
      .when(capacity(20))
      .thenEvents([
        {
          type: 'OfferingCapacityChanged',
          data: { offeringId: published.offeringId, capacity: 20, previousCapacity: 16, changedAt: now.toISOString() },
        },
      ]));

  it('may lower the capacity: what that means for confirmed participants is registration’s decision', () =>
    given(published)
      .when(capacity(2))
      .thenEvents([event('OfferingCapacityChanged', { capacity: 2, previousCapacity: 16 })]));

  it('updates the capacity in the read model and nothing else', () =>
    expect(given(published).when(capacity(20)).state()).toEqual({ ...published, capacity: 20 }));

  it('changes nothing when the capacity is the same', () => given(published).when(capacity(16)).thenNothing());

  it('refuses a capacity below 1, naming the field', () =>
    given(published).when(capacity(0)).thenRejected('invalid-field', { field: 'capacity' }));

  it('refuses an offering it does not know', () => given(null).when(capacity(20)).thenRejected('offering-not-found'));

  it('refuses a cancelled offering', () => given(cancelledOffering).when(capacity(20)).thenRejected('offering-cancelled'));
});

describe('rescheduling an offering', () => {
  it('records the new date with the venue and deadline kept, and the previous date', () =>
    given(published)
      .when(reschedule())
      .thenEvents([
        {
          type: 'OfferingRescheduled',
          data: {
            offeringId: published.offeringId,
            seminarId: published.seminarId,
            startsAt: '2027-03-09T09:00:00+01:00',
            endsAt: '2027-03-09T16:00:00+01:00',
            format: 'onsite',
            venue: published.venue,
            registrationDeadline: published.registrationDeadline,
            sessions: [{ startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' }],
            previous: {
              startsAt: published.startsAt,
              endsAt: published.endsAt,
              location: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg',
            },
            rescheduledAt: now.toISOString(),
          },
        },
      ]));

  it('takes a new venue and a new registration deadline when given', () =>
    given(published)
      .when(reschedule({ venue: hannover, registrationDeadline: '2027-02-23' }))
      .thenEvents([event('OfferingRescheduled', { venue: hannover, registrationDeadline: '2027-02-23' })]));

  it('moves the date, venue and deadline in the read model', () =>
    expect(
      given(published)
        .when(reschedule({ venue: hannover, registrationDeadline: '2027-02-23' }))
        .state(),
    ).toEqual({
      ...published,
      startsAt: '2027-03-09T09:00:00+01:00',
      endsAt: '2027-03-09T16:00:00+01:00',
      venue: hannover,
      registrationDeadline: '2027-02-23',
      sessions: [{ startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' }],
    }));

  it('changes nothing when date, venue and deadline are the same (in any offset)', () =>
    given(published)
      .when(reschedule({ startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00', venue: { ...oldenburg } }))
      .thenNothing());

  it('refuses a start that is not in the future, naming startsAt', () =>
    given(published)
      .when(reschedule({ startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T16:00:00Z', registrationDeadline: '2026-11-30' }))
      .thenRejected('offering-in-the-past', { field: 'startsAt' }));

  it('refuses an end that is not after the start, naming endsAt', () =>
    given(published)
      .when(reschedule({ endsAt: '2027-03-09T09:00:00+01:00' }))
      .thenRejected('invalid-field', { field: 'endsAt' }));

  it('refuses a new registration deadline after the start day, naming registrationDeadline', () =>
    given(published)
      .when(reschedule({ registrationDeadline: '2027-03-10' }))
      .thenRejected('invalid-field', { field: 'registrationDeadline' }));

  it('refuses to keep a deadline that the earlier new start has overtaken', () =>
    given(published)
      .when(reschedule({ startsAt: '2027-01-20T09:00:00+01:00', endsAt: '2027-01-20T16:00:00+01:00' }))
      .thenRejected('invalid-field', { field: 'registrationDeadline' }));

  it('refuses an offering it does not know', () => given(null).when(reschedule()).thenRejected('offering-not-found'));

  it('refuses a cancelled offering', () => given(cancelledOffering).when(reschedule()).thenRejected('offering-cancelled'));
});

describe('cancelling an offering', () => {
  it('records the reason and the time', () =>
    given(published)
      .when(cancel('Referentin erkrankt'))
      .thenEvents([
        {
          type: 'OfferingCancelled',
          data: {
            offeringId: published.offeringId,
            seminarId: published.seminarId,
            reason: 'Referentin erkrankt',
            cancelledAt: now.toISOString(),
          },
        },
      ]));

  it('sets the status to cancelled in the read model', () =>
    expect(given(published).when(cancel()).state()).toEqual({ ...published, status: 'cancelled' }));

  it('refuses to cancel twice', () => given(cancelledOffering).when(cancel()).thenRejected('offering-already-cancelled'));

  it('refuses an empty reason, naming the field', () =>
    given(published).when(cancel('   ')).thenRejected('invalid-field', { field: 'reason' }));

  it('refuses a reason longer than 500 characters, naming the field', () =>
    given(published)
      .when(cancel('x'.repeat(501)))
      .thenRejected('invalid-field', { field: 'reason' }));

  it('refuses an offering it does not know', () => given(null).when(cancel()).thenRejected('offering-not-found'));
});

describe('publishing a draft offering', () => {
  it('records the offering as it is now, published', () =>
    given(draft)
      .when(publish())
      .thenEvents([
        {
          type: 'OfferingPublished',
          data: {
            offeringId: draft.offeringId,
            seminarId: draft.seminarId,
            startsAt: draft.startsAt,
            endsAt: draft.endsAt,
            format: 'onsite',
            venue: draft.venue,
            capacity: 16,
            registrationDeadline: draft.registrationDeadline,
            sessions: draft.sessions,
            status: 'published',
            publishedAt: now.toISOString(),
          },
        },
      ]));

  it('publishes the capacity and date the draft has now', () =>
    given({ ...draft, capacity: 30 })
      .when(publish())
      .thenEvents([event('OfferingPublished', { capacity: 30 })]));

  it('sets the status to published in the read model', () =>
    expect(given(draft).when(publish()).state()).toEqual({ ...draft, status: 'published' }));

  it('changes nothing for an offering that is published already', () => given(published).when(publish()).thenNothing());

  it('refuses a cancelled offering', () => given(cancelledOffering).when(publish()).thenRejected('offering-cancelled'));

  it('refuses an offering it does not know', () => given(null).when(publish()).thenRejected('offering-not-found'));
});

describe('the sessions of an offering', () => {
  const twoDays: OfferingState = {
    ...published,
    sessions: [
      { startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-16T15:00:00.000Z' },
      { startsAt: '2027-02-17T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' },
    ],
  };
  const week = 7 * 24 * 3600 * 1000;
  const later = (time: string) => new Date(Date.parse(time) + week).toISOString();

  it('keeps a single whole-offering session the whole offering when the date moves', () =>
    expect(given(published).when(reschedule()).state().sessions).toEqual([
      { startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' },
    ]));

  it('moves several sessions by as much as the start moves', () =>
    given(twoDays)
      .when(reschedule({ startsAt: later(twoDays.startsAt), endsAt: later(twoDays.endsAt) }))
      .thenEvents([
        event('OfferingRescheduled', {
          sessions: twoDays.sessions.map((s) => ({ startsAt: later(s.startsAt), endsAt: later(s.endsAt) })),
        }),
      ]));

  it('refuses a move that the kept sessions no longer fit, naming sessions', () =>
    given(twoDays)
      .when(reschedule({ startsAt: '2027-03-09T09:00:00+01:00', endsAt: '2027-03-09T16:00:00+01:00' }))
      .thenRejected('invalid-field', { field: 'sessions' }));

  it('takes new sessions that fit the new date, in UTC', () =>
    given(twoDays)
      .when(
        reschedule({
          startsAt: '2027-03-09T09:00:00+01:00',
          endsAt: '2027-03-10T16:00:00+01:00',
          sessions: [
            { startsAt: '2027-03-09T09:00:00+01:00', endsAt: '2027-03-09T12:00:00+01:00' },
            { startsAt: '2027-03-10T13:00:00+01:00', endsAt: '2027-03-10T16:00:00+01:00' },
          ],
        }),
      )
      .thenEvents([
        event('OfferingRescheduled', {
          sessions: [
            { startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T11:00:00.000Z' },
            { startsAt: '2027-03-10T12:00:00.000Z', endsAt: '2027-03-10T15:00:00.000Z' },
          ],
        }),
      ]));

  it('refuses new sessions outside the new date, naming the session field', () =>
    given(twoDays)
      .when(reschedule({ sessions: [{ startsAt: '2027-03-09T09:00:00+01:00', endsAt: '2027-03-09T17:00:00+01:00' }] }))
      .thenRejected('invalid-field', { field: 'sessions.0.endsAt' }));

  it('changes nothing when date and sessions stay the same', () =>
    given(twoDays)
      .when(reschedule({ startsAt: twoDays.startsAt, endsAt: twoDays.endsAt, sessions: twoDays.sessions }))
      .thenNothing());

  it('counts a change of the sessions alone as a reschedule', () =>
    given(twoDays)
      .when(reschedule({ startsAt: twoDays.startsAt, endsAt: twoDays.endsAt, sessions: published.sessions }))
      .thenEvents([event('OfferingRescheduled', { sessions: published.sessions })]));
});

describe('updating an offering (PATCH)', () => {
  const patch =
    (fields: Parameters<typeof updateOffering>[1], at = now): Command =>
    (o) =>
      updateOffering(o, fields, at);
  const online: OfferingState = { ...published, format: 'online', venue: null, onlineLink: 'https://meet.example/abc' };

  it('changes the venue alone: the date stays, the event carries the new place and the old one as a line', () =>
    given(published)
      .when(patch({ venue: hannover }))
      .thenEvents([
        event('OfferingRescheduled', {
          startsAt: published.startsAt,
          endsAt: published.endsAt,
          venue: hannover,
          sessions: published.sessions,
          previous: expect.objectContaining({ location: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg' }),
        }),
      ]));

  it('changes the capacity and the deadline in one update, each as its own event', () =>
    given(published)
      .when(patch({ capacity: 20, registrationDeadline: '2027-02-09' }))
      .thenEvents([
        event('OfferingCapacityChanged', { capacity: 20, previousCapacity: 16 }),
        event('OfferingRescheduled', { registrationDeadline: '2027-02-09' }),
      ]));

  it('switches to online: the venue goes, the link comes', () =>
    expect(
      given(published)
        .when(patch({ format: 'online', onlineLink: 'https://meet.example/xyz' }))
        .state(),
    ).toEqual({ ...published, format: 'online', venue: null, onlineLink: 'https://meet.example/xyz' }));

  it('switches to on site with a venue: the link goes', () =>
    expect(
      given(online)
        .when(patch({ format: 'onsite', venue: hannover }))
        .state(),
    ).toEqual({
      ...published,
      venue: hannover,
    }));

  it('refuses to switch to on site without a venue, naming venue', () =>
    given(online)
      .when(patch({ format: 'onsite' }))
      .thenRejected('invalid-field', { field: 'venue' }));

  it('refuses a venue for an online date and a link for an on-site one', () => {
    given(online)
      .when(patch({ venue: hannover }))
      .thenRejected('invalid-field', { field: 'venue' });
    given(published)
      .when(patch({ onlineLink: 'https://meet.example/abc' }))
      .thenRejected('invalid-field', { field: 'onlineLink' });
  });

  it('removes the link with null, and a new link is a change', () => {
    expect(
      given(online)
        .when(patch({ onlineLink: null }))
        .state(),
    ).not.toHaveProperty('onlineLink');
    given(online)
      .when(patch({ onlineLink: 'https://meet.example/new' }))
      .thenEvents([event('OfferingRescheduled', { onlineLink: 'https://meet.example/new' })]);
  });

  it('moves the end alone and refuses an end before the start', () => {
    given(published)
      .when(patch({ endsAt: '2027-02-16T16:00:00+01:00' }))
      .thenEvents([event('OfferingRescheduled', { endsAt: '2027-02-16T16:00:00+01:00' })]);
    given(published)
      .when(patch({ endsAt: '2027-02-15T16:00:00+01:00' }))
      .thenRejected('invalid-field', { field: 'endsAt' });
  });

  it('changes the place of a date that has started, but not its days', () => {
    const running = new Date('2027-02-16T12:00:00Z');
    given(published)
      .when(patch({ venue: hannover }, running))
      .thenEvents([event('OfferingRescheduled', { venue: hannover })]);
    given(published)
      .when(patch({ endsAt: '2027-02-17T17:00:00+01:00' }, running))
      .thenRejected('offering-in-the-past', { field: 'startsAt' });
  });

  it('changes nothing when every value is the current one', () =>
    given(published)
      .when(patch({ capacity: 16, venue: { ...oldenburg }, format: 'onsite', registrationDeadline: published.registrationDeadline }))
      .thenNothing());

  it('refuses the whole update when one part breaks a rule', () =>
    given(published)
      .when(patch({ capacity: 20, registrationDeadline: '2027-03-01' }))
      .thenRejected('invalid-field', { field: 'registrationDeadline' }));

  it('refuses an offering it does not know, and a cancelled one', () => {
    given(null)
      .when(patch({ capacity: 20 }))
      .thenRejected('offering-not-found');
    given(null)
      .when(patch({ venue: hannover }))
      .thenRejected('offering-not-found');
    given(cancelledOffering)
      .when(patch({ venue: hannover }))
      .thenRejected('offering-cancelled');
  });
});

describe('publishing needs a public seminar and a date still ahead', () => {
  it('refuses a draft of a draft seminar', () =>
    given(draft)
      .when((o) => publishOffering(o, 'draft', now))
      .thenRejected('seminar-not-published'));

  it('refuses a draft that has started', () =>
    given(draft)
      .when(publish(new Date('2027-02-16T09:00:00Z')))
      .thenRejected('offering-in-the-past'));
});
