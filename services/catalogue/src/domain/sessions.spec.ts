import { OfferingInput, RescheduleInput } from '@seminarwerk/contracts/api';
import { describe, expect, it } from 'vitest';

/** The session rules live in the input schemas (packages/contracts/src/api/catalogue.ts, `sessionProblems`). */
const offering = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
  capacity: 16,
  registrationDeadline: '2027-02-02',
};
const day1 = { startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-16T16:00:00+01:00' };
const day2 = { startsAt: '2027-02-17T09:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00' };

/** The fields at fault, or [] when the input is valid. */
const faults = (sessions: unknown, schema: typeof OfferingInput | typeof RescheduleInput = OfferingInput) => {
  const parsed = schema.safeParse({ ...offering, sessions });
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('the sessions of an offering', () => {
  it('may be left out (one session, the whole offering, is the default)', () => expect(faults(undefined)).toEqual([]));

  it('accepts days in order inside the offering', () => expect(faults([day1, day2])).toEqual([]));

  it('accepts a session that is the whole offering', () =>
    expect(faults([{ startsAt: offering.startsAt, endsAt: offering.endsAt }])).toEqual([]));

  it('refuses a session that ends before it starts, naming its endsAt', () =>
    expect(faults([day1, { startsAt: day2.endsAt, endsAt: day2.startsAt }])).toEqual(['sessions.1.endsAt']));

  it('refuses a session that starts before the offering, naming its startsAt', () =>
    expect(faults([{ startsAt: '2027-02-16T08:00:00+01:00', endsAt: day1.endsAt }])).toEqual(['sessions.0.startsAt']));

  it('refuses a session that ends after the offering, naming its endsAt', () =>
    expect(faults([day1, { startsAt: day2.startsAt, endsAt: '2027-02-17T17:00:00+01:00' }])).toEqual(['sessions.1.endsAt']));

  it('refuses overlapping sessions, naming the later startsAt', () =>
    expect(faults([day1, { startsAt: '2027-02-16T15:00:00+01:00', endsAt: day2.endsAt }])).toEqual(['sessions.1.startsAt']));

  it('refuses sessions out of order', () => expect(faults([day2, day1])).toEqual(['sessions.1.startsAt']));

  it('refuses an empty list and a malformed time, naming the field', () => {
    expect(faults([])).toEqual(['sessions']);
    expect(faults([{ startsAt: 'morgen', endsAt: day1.endsAt }])).toEqual(['sessions.0.startsAt']);
  });

  it('applies the same rules to a new date', () =>
    expect(faults([day1, { startsAt: day2.startsAt, endsAt: '2027-02-18T16:00:00+01:00' }], RescheduleInput)).toEqual([
      'sessions.1.endsAt',
    ]));
});
