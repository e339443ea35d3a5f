import { describe, expect, it } from 'vitest';
import type { OfferingEvent } from './events.ts';
import { cancel, event, given, history, now, opened, person } from './offering.fixtures.ts';

const withReference = (name: string, purchaseOrderReference: string) => ({
  type: 'Register' as const,
  booking: { ...person(name), purchaseOrderReference },
  now,
});

describe('a purchase order reference (Bestellnummer / Aktenzeichen) for the invoice', () => {
  it('is kept with the confirmed booking', () =>
    given(opened(1))
      .when(withReference('anna', 'AZ 11-04/2027'))
      .thenEvents([event('RegistrationConfirmed', { registrationId: 'reg-anna', purchaseOrderReference: 'AZ 11-04/2027' })]));

  it('goes with a waitlisted booking when it is promoted later', () =>
    given(...history(1, withReference('anna', 'BN-1'), withReference('ben', 'BN-2')))
      .when(cancel('anna'))
      .thenEvents([
        event('RegistrationCancelled', { registrationId: 'reg-anna' }),
        event('RegistrationConfirmed', { registrationId: 'reg-ben', via: 'waitlist', purchaseOrderReference: 'BN-2' }),
      ]));

  it('is absent from bookings recorded before references existed, which still fold and promote without one', () => {
    // Events as stored before issue 9: no purchaseOrderReference key at all.
    const recorded: OfferingEvent[] = [
      opened(1),
      {
        type: 'RegistrationConfirmed',
        data: { ...person('anna'), fee: { amountCents: 34000, currency: 'EUR' }, via: 'direct', confirmedAt: now.toISOString() },
      },
      { type: 'RegistrationWaitlisted', data: { ...person('ben'), position: 1, waitlistedAt: now.toISOString() } },
    ];
    const { result } = given(...recorded).when(cancel('anna'));
    expect(result).toEqual([expect.anything(), expect.objectContaining({ type: 'RegistrationConfirmed' })]);
    const promoted = (result as OfferingEvent[])[1] as Extract<OfferingEvent, { type: 'RegistrationConfirmed' }>;
    expect(promoted.data).not.toHaveProperty('purchaseOrderReference');
    expect(promoted.data.registrationId).toBe('reg-ben');
  });
});
