import { describe, expect, it } from 'vitest';
import { event, given, offeringId, offeringScheduled, reschedule, seminarCreated } from './given.ts';

const published = [seminarCreated(), offeringScheduled()];

describe('the sessions of a date', () => {
  const twoDays = offeringScheduled({
    sessions: [
      { startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-16T15:00:00.000Z' },
      { startsAt: '2027-02-17T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' },
    ],
  });
  const week = 7 * 24 * 3600 * 1000;
  const later = (time: string) => new Date(Date.parse(time) + week).toISOString();

  it('keeps a single whole-date session the whole date when the date moves', () =>
    expect(
      given(...published)
        .when(reschedule())
        .state().offerings[offeringId]?.sessions,
    ).toEqual([{ startsAt: '2027-03-09T08:00:00.000Z', endsAt: '2027-03-09T15:00:00.000Z' }]));

  it('moves several sessions by as much as the start moves', () =>
    given(seminarCreated(), twoDays)
      .when(reschedule({ startsAt: later('2027-02-16T08:00:00.000Z'), endsAt: later('2027-02-17T15:00:00.000Z') }))
      .thenEvents([
        event('OfferingRescheduled', {
          sessions: [
            { startsAt: '2027-02-23T08:00:00.000Z', endsAt: '2027-02-23T15:00:00.000Z' },
            { startsAt: '2027-02-24T08:00:00.000Z', endsAt: '2027-02-24T15:00:00.000Z' },
          ],
        }),
      ]));

  it('refuses a move that the kept sessions no longer fit, naming sessions', () =>
    given(seminarCreated(), twoDays).when(reschedule()).thenRejected('invalid-field', ['sessions']));

  it('takes new sessions that fit the new date, in UTC', () =>
    given(seminarCreated(), twoDays)
      .when(
        reschedule({
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
    given(seminarCreated(), twoDays)
      .when(reschedule({ sessions: [{ startsAt: '2027-03-09T09:00:00+01:00', endsAt: '2027-03-09T17:00:00+01:00' }] }))
      .thenRejected('invalid-field', ['sessions.0.endsAt']));

  it('changes nothing when date and sessions stay the same', () =>
    given(seminarCreated(), twoDays)
      .when(reschedule({ startsAt: twoDays.data.startsAt, endsAt: twoDays.data.endsAt, sessions: twoDays.data.sessions }))
      .thenNothing());

  it('counts a change of the sessions alone as a reschedule', () => {
    const whole = [{ startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' }];
    given(seminarCreated(), twoDays)
      .when(reschedule({ startsAt: twoDays.data.startsAt, endsAt: twoDays.data.endsAt, sessions: whole }))
      .thenEvents([event('OfferingRescheduled', { sessions: whole })]);
  });
});
