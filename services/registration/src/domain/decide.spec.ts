import { decideMany } from '@seminarwerk/decider';
import { describe, expect, it } from 'vitest';
import { type OfferingCommand, offeringDecider } from './decide.ts';
import { cancel, cancelOffering, event, given, history, now, opened, person, register, terms } from './offering.fixtures.ts';
import { fold, seatsAvailable, waitlistPosition } from './offering.ts';

describe('registering for an offering', () => {
  it('confirms a registration while seats are free', () =>
    given(opened(2))
      .when(register('anna'))
      .thenEvents([event('RegistrationConfirmed', { registrationId: 'reg-anna', via: 'direct' })]));

  it('puts the registration after a full offering on the waiting list, with its position', () =>
    given(...history(2, register('anna'), register('ben')))
      .when(register('cem'))
      .thenEvents([event('RegistrationWaitlisted', { registrationId: 'reg-cem', position: 1 })]));

  it('puts later registrations behind the ones already waiting', () => {
    const events = history(1, register('anna'), register('ben'), register('cem'));
    expect(waitlistPosition(fold(events), 'reg-ben')).toBe(1);
    expect(waitlistPosition(fold(events), 'reg-cem')).toBe(2);
  });

  it('refuses a registration for an offering it does not know (unpublished or not yet opened)', () =>
    given().when(register('anna')).thenRejected('offering-not-open'));

  it('refuses a registration for a cancelled offering', () =>
    given(...history(2, register('anna'), cancelOffering()))
      .when(register('ben'))
      .thenRejected('offering-cancelled'));

  it('refuses a registration after the registration deadline', () =>
    given(opened(2))
      .when(register('anna', new Date('2027-02-02T23:30:00Z')))
      .thenRejected('registration-closed'));

  it('accepts a registration on the deadline day itself (Berlin time)', () =>
    given(opened(2))
      .when(register('anna', new Date('2027-02-02T22:30:00Z')))
      .thenEvents([event('RegistrationConfirmed')]));

  it('refuses the same person twice, naming the existing registration and whose it is, whatever the e-mail case', () => {
    const again: OfferingCommand = {
      type: 'Register',
      booking: {
        ...person('anna2'),
        municipalityId: 'hannover',
        participant: { firstName: 'Anna', lastName: 'M', email: 'ANNA@example.org' },
      },
      now,
    };
    // Whose it is decides who may learn the id (src/http/problems.ts): here Oldenburg's, asked by Hannover.
    given(...history(2, register('anna')))
      .when(again)
      .thenRejected('already-registered', { registrationId: 'reg-anna', registrationMunicipalityId: 'oldenburg' });
  });

  it('names a place the back office booked for no municipality as nobody’s', () =>
    given(...history(2, { ...register('anna'), booking: { ...person('anna'), municipalityId: null } }))
      .when({ ...register('anna'), booking: { ...person('anna'), registrationId: 'reg-anna-2' } })
      .thenRejected('already-registered', { registrationId: 'reg-anna', registrationMunicipalityId: null }));

  it('lets a person register again after cancelling', () =>
    given(...history(2, register('anna'), cancel('anna')))
      .when({ ...register('anna'), booking: { ...person('anna'), registrationId: 'reg-anna-2' } })
      .thenEvents([event('RegistrationConfirmed', { registrationId: 'reg-anna-2' })]));

  it('refuses a registration id that is taken', () =>
    given(...history(2, register('anna')))
      .when({ type: 'Register', booking: { ...person('ben'), registrationId: 'reg-anna' }, now })
      .thenRejected('registration-id-taken', { registrationId: 'reg-anna' }));

  it('opens an offering once, however often the catalogue event arrives', () =>
    given(opened(5))
      .when({ type: 'OpenOffering', terms: terms(5), now })
      .thenEvents([]));
});

describe('deciding several registrations in one go', () => {
  it('decides a group booking in order: confirmed while seats last, then waitlisted', () => {
    const { decisions, events, state } = decideMany(
      offeringDecider,
      [register('anna'), register('ben'), register('cem')],
      fold([opened(2)]),
    );
    expect(decisions).toEqual([
      [event('RegistrationConfirmed', { registrationId: 'reg-anna' })],
      [event('RegistrationConfirmed', { registrationId: 'reg-ben' })],
      [event('RegistrationWaitlisted', { registrationId: 'reg-cem', position: 1 })],
    ]);
    expect(events).toHaveLength(3);
    expect(seatsAvailable(state)).toBe(0);
  });

  it('answers a refused request in its place and decides the others as if it had not come', () => {
    const anna = register('anna');
    const annaAgain: OfferingCommand = { type: 'Register', booking: { ...person('anna'), registrationId: 'reg-anna-2' }, now };
    const { decisions, state } = decideMany(offeringDecider, [anna, annaAgain, register('ben')], fold([opened(2)]));
    expect(decisions).toEqual([
      [event('RegistrationConfirmed', { registrationId: 'reg-anna' })],
      expect.objectContaining({ rejected: true, code: 'already-registered', registrationId: 'reg-anna' }),
      [event('RegistrationConfirmed', { registrationId: 'reg-ben' })],
    ]);
    expect(state.status === 'open' && state.confirmed).toBe(2);
  });
});
