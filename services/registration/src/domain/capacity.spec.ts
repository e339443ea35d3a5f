import { describe, expect, it } from 'vitest';
import { cancel, cancelOffering, changeCapacity, event, given, history, register } from './offering.fixtures.ts';
import { type Offering, waitlistPosition } from './offering.ts';

const confirmedCount = (state: Offering) => (state.status === 'unknown' ? 0 : state.confirmed);

describe('the catalogue changing the capacity', () => {
  it('promotes from the head of the waiting list as many as a raised capacity lets in, in the same decision', () => {
    const after = given(...history(1, register('anna'), register('ben'), register('cem'), register('dora'))).when(changeCapacity(3));
    after.thenEvents([
      event('CapacityChanged', { capacity: 3 }),
      event('RegistrationConfirmed', { registrationId: 'reg-ben', via: 'waitlist' }),
      event('RegistrationConfirmed', { registrationId: 'reg-cem', via: 'waitlist' }),
    ]);
    expect(waitlistPosition(after.state(), 'reg-dora')).toBe(1);
  });

  it('never removes a confirmed person when the capacity is lowered below the confirmed count', () => {
    const after = given(...history(3, register('anna'), register('ben'), register('cem'))).when(changeCapacity(1));
    after.thenEvents([event('CapacityChanged', { capacity: 1 })]);
    expect(confirmedCount(after.state())).toBe(3);
  });

  it('puts new registrations on the waiting list while confirmed exceed a lowered capacity', () =>
    given(...history(3, register('anna'), register('ben'), changeCapacity(1)))
      .when(register('cem'))
      .thenEvents([event('RegistrationWaitlisted', { registrationId: 'reg-cem', position: 1 })]));

  it('promotes nobody on a cancellation while confirmed are still at or above the lowered capacity', () =>
    given(...history(3, register('anna'), register('ben'), register('cem'), changeCapacity(1), register('dora')))
      .when(cancel('anna'))
      .thenEvents([event('RegistrationCancelled', { registrationId: 'reg-anna' })]));

  it('promotes again once cancellations bring the confirmed below the lowered capacity', () =>
    given(...history(2, register('anna'), register('ben'), changeCapacity(1), register('cem'), cancel('anna')))
      .when(cancel('ben'))
      .thenEvents([
        event('RegistrationCancelled', { registrationId: 'reg-ben' }),
        event('RegistrationConfirmed', { registrationId: 'reg-cem' }),
      ]));

  it('ignores a change to the capacity it has already', () =>
    given(...history(2))
      .when(changeCapacity(2))
      .thenEvents([]));

  it('is refused for an offering it does not know', () => given().when(changeCapacity(2)).thenRejected('offering-not-open'));

  it('is refused for a cancelled offering', () =>
    given(...history(2, cancelOffering()))
      .when(changeCapacity(3))
      .thenRejected('offering-cancelled'));
});
