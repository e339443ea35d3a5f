import { describe, expect, it } from 'vitest';
import { cancel, event, given, history, opened, register } from './offering.fixtures.ts';
import { waitlistPosition } from './offering.ts';

// Start: Tue 16 Feb 2027, 09:00 Berlin (CET, UTC+1). Free until 14 days before: Berlin date 2 Feb 2027.
const berlin = (local: string) => new Date(`${local}+01:00`);

describe('a participant cancelling', () => {
  it('frees the seat and promotes the head of the waiting list in the same decision', () =>
    given(...history(1, register('anna'), register('ben'), register('cem')))
      .when(cancel('anna'))
      .thenEvents([
        event('RegistrationCancelled', { registrationId: 'reg-anna', previousStatus: 'confirmed', reason: 'participant' }),
        event('RegistrationConfirmed', { registrationId: 'reg-ben', via: 'waitlist' }),
      ]));

  it('cancels a waitlisted registration without promoting anyone, and moves the others up', () => {
    const events = history(1, register('anna'), register('ben'), register('cem'));
    const after = given(...events).when(cancel('ben'));
    after.thenEvents([event('RegistrationCancelled', { previousStatus: 'waitlisted' })]);
    expect(waitlistPosition(after.state(), 'reg-cem')).toBe(1);
  });

  it('refuses to cancel twice', () =>
    given(...history(1, register('anna'), cancel('anna')))
      .when(cancel('anna'))
      .thenRejected('already-cancelled'));

  it('refuses to cancel a registration it does not know', () =>
    given(opened(1)).when(cancel('nobody')).thenRejected('registration-not-found'));
});

describe('classifying a cancellation by the cancellation terms', () => {
  const confirmedAnna = () => history(1, register('anna'));

  it('is free at least freeUntilDaysBefore whole days before the start date', () =>
    given(...confirmedAnna())
      .when(cancel('anna', berlin('2027-02-02T23:59:00')))
      .thenEvents([event('RegistrationCancelled', { classification: { kind: 'free', feePercent: 0 } })]));

  it('is late with lateCancellationFeePercent after that, counted in Berlin calendar days, not UTC days', () =>
    // 23:30 UTC on 2 Feb is already 3 Feb in Berlin: 13 days before the start.
    given(...confirmedAnna())
      .when(cancel('anna', new Date('2027-02-02T23:30:00Z')))
      .thenEvents([event('RegistrationCancelled', { classification: { kind: 'late', feePercent: 50 } })]));

  it('is late, not a no-show, on the start day before the start', () =>
    given(...confirmedAnna())
      .when(cancel('anna', berlin('2027-02-16T08:30:00')))
      .thenEvents([event('RegistrationCancelled', { classification: { kind: 'late', feePercent: 50 } })]));

  it('is a no-show with noShowFeePercent after the start', () =>
    given(...confirmedAnna())
      .when(cancel('anna', berlin('2027-02-16T09:00:00')))
      .thenEvents([event('RegistrationCancelled', { classification: { kind: 'no-show', feePercent: 100 } })]));

  it('is always free for a waitlisted registration', () =>
    given(...history(1, register('anna'), register('ben')))
      .when(cancel('ben', berlin('2027-02-16T10:00:00')))
      .thenEvents([event('RegistrationCancelled', { previousStatus: 'waitlisted', classification: { kind: 'free', feePercent: 0 } })]));

  it('is free on the start day itself when the terms allow free cancellation until 0 days before', () =>
    given(...history(opened(1, { freeUntilDaysBefore: 0 }), register('anna')))
      .when(cancel('anna', berlin('2027-02-16T08:59:00')))
      .thenEvents([event('RegistrationCancelled', { classification: { kind: 'free', feePercent: 0 } })]));
});
