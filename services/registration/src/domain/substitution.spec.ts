import { describe, expect, it } from 'vitest';
import { cancel, event, given, history, opened, participant, person, register, substitute } from './offering.fixtures.ts';

describe('a substitute taking over a place', () => {
  it('passes a confirmed place to another person: same seat, same registration id, same booking', () => {
    const after = given(...history(1, register('anna'))).when(substitute('anna', 'bea'));
    after.thenEvents([
      event('RegistrationSubstituted', { registrationId: 'reg-anna', previous: participant('anna'), participant: participant('bea') }),
    ]);
    const state = after.state();
    if (state.status !== 'open') throw new Error('offering closed');
    expect(state.confirmed).toBe(1);
    expect(state.registrations.get('reg-anna')).toMatchObject({
      status: 'confirmed',
      participant: participant('bea'),
      bookedBy: { kind: 'municipality', municipalityId: 'oldenburg' },
      municipalityId: 'oldenburg',
    });
  });

  it('lets the previous person register again, as they no longer hold a place', () =>
    given(...history(2, register('anna'), substitute('anna', 'bea')))
      .when({ ...register('anna'), booking: { ...person('anna'), registrationId: 'reg-anna-2' } })
      .thenEvents([event('RegistrationConfirmed', { registrationId: 'reg-anna-2' })]));

  it('is refused where the cancellation terms do not allow substitutes', () =>
    given(...history(opened(1, { substituteAllowed: false }), register('anna')))
      .when(substitute('anna', 'bea'))
      .thenRejected('substitute-not-allowed'));

  it('is refused for a waitlisted registration', () =>
    given(...history(1, register('anna'), register('ben')))
      .when(substitute('ben', 'bea'))
      .thenRejected('not-confirmed'));

  it('is refused for a cancelled registration', () =>
    given(...history(1, register('anna'), cancel('anna')))
      .when(substitute('anna', 'bea'))
      .thenRejected('not-confirmed'));

  it('is refused when the substitute already holds a place on the offering, naming it, whatever the e-mail case', () =>
    given(...history(1, register('anna'), register('ben')))
      .when({ ...substitute('anna', 'ben'), participant: { ...participant('ben'), email: 'BEN@example.org' } })
      .thenRejected('already-registered', { registrationId: 'reg-ben' }));

  it('is refused for a registration it does not know', () =>
    given(opened(1)).when(substitute('nobody', 'bea')).thenRejected('registration-not-found'));
});
