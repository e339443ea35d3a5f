import { describe, expect, it } from 'vitest';
import {
  event,
  given,
  hannover,
  now,
  offeringCancelled,
  offeringId,
  offeringScheduled,
  oldenburg,
  patch,
  seminarCreated,
} from './given.ts';

/** A seminar with one published on-site date in Oldenburg, and the same date online. */
const published = [seminarCreated(), offeringScheduled()];
const online = [seminarCreated(), offeringScheduled({ format: 'online', venue: null, onlineLink: 'https://meet.example/abc' })];
const dateAfter = (history: typeof published, changes: Parameters<typeof patch>[0]) =>
  given(...history)
    .when(patch(changes))
    .state().offerings[offeringId];

describe('updating a date (PATCH)', () => {
  it('changes the venue alone: the date stays, the event carries the new place and the old one as a line', () =>
    given(...published)
      .when(patch({ venue: hannover }))
      .thenEvents([
        event('OfferingRescheduled', {
          startsAt: '2027-02-16T08:00:00.000Z',
          endsAt: '2027-02-17T15:00:00.000Z',
          venue: hannover,
          previous: expect.objectContaining({ location: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg' }),
        }),
      ]));

  it('changes the capacity and the deadline in one update, each as its own event', () =>
    given(...published)
      .when(patch({ capacity: 20, registrationDeadline: '2027-02-09' }))
      .thenEvents([
        event('OfferingCapacityChanged', { capacity: 20, previousCapacity: 16 }),
        event('OfferingRescheduled', { registrationDeadline: '2027-02-09' }),
      ]));

  it('switches to online: the venue goes, the link comes', () =>
    expect(dateAfter(published, { format: 'online', onlineLink: 'https://meet.example/xyz' })).toMatchObject({
      format: 'online',
      venue: null,
      onlineLink: 'https://meet.example/xyz',
    }));

  it('switches to on site with a venue: the link goes', () => {
    const after = dateAfter(online, { format: 'onsite', venue: hannover });
    expect(after).toMatchObject({ format: 'onsite', venue: hannover });
    expect(after).not.toHaveProperty('onlineLink');
  });

  it('refuses to switch to on site without a venue, naming venue', () =>
    given(...online)
      .when(patch({ format: 'onsite' }))
      .thenRejected('invalid-field', ['venue']));

  it('refuses a venue for an online date and a link for an on-site one', () => {
    given(...online)
      .when(patch({ venue: hannover }))
      .thenRejected('invalid-field', ['venue']);
    given(...published)
      .when(patch({ onlineLink: 'https://meet.example/abc' }))
      .thenRejected('invalid-field', ['onlineLink']);
  });

  it('removes the link with null, and a new link is a change', () => {
    expect(dateAfter(online, { onlineLink: null })).not.toHaveProperty('onlineLink');
    given(...online)
      .when(patch({ onlineLink: 'https://meet.example/new' }))
      .thenEvents([event('OfferingRescheduled', { onlineLink: 'https://meet.example/new' })]);
  });

  it('moves the end alone and refuses an end before the start', () => {
    given(...published)
      .when(patch({ endsAt: '2027-02-16T16:00:00+01:00' }))
      .thenEvents([event('OfferingRescheduled', { endsAt: '2027-02-16T16:00:00+01:00' })]);
    given(...published)
      .when(patch({ endsAt: '2027-02-15T16:00:00+01:00' }))
      .thenRejected('invalid-field', ['endsAt']);
  });

  it('changes the place of a date that has started, but not its days', () => {
    const running = new Date('2027-02-16T12:00:00Z');
    given(...published)
      .when(patch({ venue: hannover }, running))
      .thenEvents([event('OfferingRescheduled', { venue: hannover })]);
    given(...published)
      .when(patch({ endsAt: '2027-02-17T17:00:00+01:00' }, running))
      .thenRejected('offering-in-the-past', ['startsAt']);
  });

  it('changes nothing when every value is the current one', () =>
    given(...published)
      .when(patch({ capacity: 16, venue: { ...oldenburg }, format: 'onsite', registrationDeadline: '2027-02-02' }))
      .thenNothing());

  it('refuses the whole update when one part breaks a rule', () =>
    given(...published)
      .when(patch({ capacity: 20, registrationDeadline: '2027-03-01' }))
      .thenRejected('invalid-field', ['registrationDeadline']));

  it('refuses a date it does not know, and a cancelled one', () => {
    given(seminarCreated())
      .when(patch({ capacity: 20 }))
      .thenRejected('offering-not-found');
    given(seminarCreated())
      .when(patch({ venue: hannover }))
      .thenRejected('offering-not-found');
    given(...published, offeringCancelled())
      .when(patch({ venue: hannover }, now))
      .thenRejected('offering-cancelled');
  });
});
