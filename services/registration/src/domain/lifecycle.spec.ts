import { describe, expect, it } from 'vitest';
import type { CommandOf } from './decide.ts';
import { backOffice, cancel, cancelOffering, event, given, history, now, register } from './offering.fixtures.ts';
import { seatsAvailable } from './offering.ts';

const reschedule = (more: Partial<CommandOf<'RescheduleOffering'>> = {}): CommandOf<'RescheduleOffering'> => ({
  type: 'RescheduleOffering',
  startsAt: '2027-03-09T09:00:00+01:00',
  endsAt: '2027-03-09T16:00:00+01:00',
  venue: 'Hannover',
  now,
  ...more,
});
const free = { kind: 'free', feePercent: 0 };

describe('the institute cancelling the offering', () => {
  it('cancels every active registration free of charge with reason institute, then the offering', () =>
    given(...history(1, register('anna'), register('ben'), register('cem'), cancel('cem')))
      .when(cancelOffering())
      .thenEvents([
        event('RegistrationCancelled', {
          registrationId: 'reg-anna',
          previousStatus: 'confirmed',
          reason: 'institute',
          classification: free,
        }),
        event('RegistrationCancelled', {
          registrationId: 'reg-ben',
          previousStatus: 'waitlisted',
          reason: 'institute',
          classification: free,
        }),
        event('OfferingCancelled', { cancelledBy: backOffice }),
      ]));

  it('is free of charge even after the late-cancellation date, and promotes nobody', () => {
    const after = given(...history(1, register('anna'), register('ben'))).when(cancelOffering(new Date('2027-02-15T10:00:00Z')));
    after.thenEvents([
      event('RegistrationCancelled', { classification: free }),
      event('RegistrationCancelled', { classification: free }),
      event('OfferingCancelled'),
    ]);
    expect(after.state()).toMatchObject({ status: 'cancelled', confirmed: 0, waitlist: [] });
    expect(seatsAvailable(after.state())).toBe(0);
  });

  it('refuses registrations afterwards with offering-cancelled', () =>
    given(...history(1, cancelOffering()))
      .when(register('anna'))
      .thenRejected('offering-cancelled'));

  it('refuses cancelling a registration of a cancelled offering with offering-cancelled', () =>
    given(...history(1, register('anna'), cancelOffering()))
      .when(cancel('anna'))
      .thenRejected('offering-cancelled'));

  it('does nothing the second time', () =>
    given(...history(1, register('anna'), cancelOffering()))
      .when(cancelOffering())
      .thenEvents([]));

  it('is refused for an offering it does not know', () => given().when(cancelOffering()).thenRejected('offering-not-open'));
});

describe('the institute rescheduling the offering', () => {
  it('keeps the registrations and updates the terms that later events carry', () => {
    const after = given(...history(1, register('anna'), register('ben'))).when(reschedule());
    after.thenEvents([
      event('OfferingRescheduled', {
        snapshot: expect.objectContaining({ startsAt: '2027-03-09T09:00:00+01:00', venue: 'Hannover', title: 'Wahlvorstandsschulung' }),
        registrationDeadline: '2027-02-02',
      }),
    ]);
    expect(after.state()).toMatchObject({ status: 'open', confirmed: 1, waitlist: ['reg-ben'] });
    expect(after.state()).toMatchObject({ terms: { snapshot: { venue: 'Hannover', endsAt: '2027-03-09T16:00:00+01:00' } } });
  });

  it('moves the registration deadline when a new one is given', () =>
    given(...history(1, reschedule({ registrationDeadline: '2027-02-23' })))
      .when(register('anna', new Date('2027-02-20T10:00:00Z')))
      .thenEvents([event('RegistrationConfirmed')]));

  it('classifies later cancellations by the new start date', () =>
    // 10 Feb was late for 16 Feb; for 9 Mar it is more than 14 days before.
    given(...history(1, register('anna'), reschedule()))
      .when(cancel('anna', new Date('2027-02-10T10:00:00Z')))
      .thenEvents([event('RegistrationCancelled', { classification: free })]));

  it('does nothing when nothing changes', () =>
    given(...history(1))
      .when(reschedule({ startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-16T16:00:00+01:00', venue: 'Oldenburg' }))
      .thenEvents([]));

  it('gives the date a new meeting link, and removes it when the catalogue sends none', () => {
    const same = { startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-16T16:00:00+01:00', venue: 'Oldenburg' };
    const linked = given(...history(1)).when(reschedule({ ...same, onlineLink: 'https://meet.example/new' }));
    linked.thenEvents([event('OfferingRescheduled', { snapshot: expect.objectContaining({ onlineLink: 'https://meet.example/new' }) })]);
    expect(linked.state()).toMatchObject({ terms: { snapshot: { onlineLink: 'https://meet.example/new' } } });
    given(...history(1, reschedule({ ...same, onlineLink: 'https://meet.example/new' })))
      .when(reschedule(same))
      .thenEvents([event('OfferingRescheduled', { snapshot: expect.not.objectContaining({ onlineLink: expect.anything() }) })]);
  });

  it('is refused for a cancelled offering', () =>
    given(...history(1, cancelOffering()))
      .when(reschedule())
      .thenRejected('offering-cancelled'));
});
