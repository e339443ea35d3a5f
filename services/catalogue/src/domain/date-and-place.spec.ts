import { describe, expect, it } from 'vitest';
import { dateProblems, locationLine, placeProblems, sessionProblems } from './date-and-place.ts';

const date = { startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00' };
const day1 = { startsAt: '2027-02-16T09:00:00+01:00', endsAt: '2027-02-16T16:00:00+01:00' };
const day2 = { startsAt: '2027-02-17T09:00:00+01:00', endsAt: '2027-02-17T16:00:00+01:00' };
const venue = { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' };

/** The fields at fault, or [] when the sessions fit. */
const faults = (sessions: { startsAt: string; endsAt: string }[]) => sessionProblems(date, sessions).map((p) => p.field);

describe('the sessions of a date', () => {
  it('may be days in order inside the date, or one session that is the whole date', () => {
    expect(faults([day1, day2])).toEqual([]);
    expect(faults([date])).toEqual([]);
  });

  it('refuses a session that ends before it starts, naming its endsAt', () =>
    expect(faults([day1, { startsAt: day2.endsAt, endsAt: day2.startsAt }])).toEqual(['sessions.1.endsAt']));

  it('refuses a session that starts before the date, naming its startsAt', () =>
    expect(faults([{ startsAt: '2027-02-16T08:00:00+01:00', endsAt: day1.endsAt }])).toEqual(['sessions.0.startsAt']));

  it('refuses a session that ends after the date, naming its endsAt', () =>
    expect(faults([day1, { startsAt: day2.startsAt, endsAt: '2027-02-17T17:00:00+01:00' }])).toEqual(['sessions.1.endsAt']));

  it('refuses overlapping sessions and sessions out of order, naming the later startsAt', () => {
    expect(faults([day1, { startsAt: '2027-02-16T15:00:00+01:00', endsAt: day2.endsAt }])).toEqual(['sessions.1.startsAt']);
    expect(faults([day2, day1])).toEqual(['sessions.1.startsAt']);
  });
});

describe('a date on its own', () => {
  it('ends after it starts, closes registration no later than the start day, and fits its sessions', () =>
    expect(
      dateProblems({
        startsAt: date.startsAt,
        endsAt: date.startsAt,
        registrationDeadline: '2027-02-17',
        sessions: [{ startsAt: day1.endsAt, endsAt: day1.startsAt }],
      }),
    ).toEqual([
      { field: 'endsAt', detail: 'must be after startsAt' },
      { field: 'registrationDeadline', detail: 'must not be after startsAt' },
      { field: 'sessions.0.endsAt', detail: 'must be after startsAt' },
    ]));

  it('may close registration on the start day itself', () =>
    expect(dateProblems({ ...date, registrationDeadline: '2027-02-16' })).toEqual([]));
});

describe('the place of a date', () => {
  it('is a venue on site, never a meeting link', () => {
    expect(placeProblems({ format: 'onsite', venue })).toEqual([]);
    expect(placeProblems({ format: 'onsite' })).toEqual([
      { field: 'venue', detail: 'is required for an on-site offering (format onsite)' },
    ]);
    expect(placeProblems({ format: 'onsite', venue, onlineLink: 'https://meet.example/a' })).toEqual([
      { field: 'onlineLink', detail: 'is only for online offerings (format online)' },
    ]);
  });

  it('is no venue online, with or without a link', () => {
    expect(placeProblems({ format: 'online' })).toEqual([]);
    expect(placeProblems({ format: 'online', onlineLink: 'https://meet.example/a' })).toEqual([]);
    expect(placeProblems({ format: 'online', venue })).toEqual([
      { field: 'venue', detail: 'must be left out for an online offering (format online)' },
    ]);
  });
});

describe('the place as one line', () => {
  it('writes the venue as an address line', () =>
    expect(locationLine('onsite', venue)).toBe('Seminarzentrum, Musterstraße 1, 26121 Oldenburg'));
  it('leaves out what is not known', () =>
    expect(locationLine('onsite', { name: 'Tagungshaus', city: 'Lüneburg' })).toBe('Tagungshaus, Lüneburg'));
  it('says Online for online dates', () => expect(locationLine('online', null)).toBe('Online'));
});
