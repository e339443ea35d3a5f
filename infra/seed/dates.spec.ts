import { describe, expect, it } from 'vitest';
import { keepProgrammeAhead } from './dates.ts';

const programme = [
  {
    key: 'presse',
    offerings: [
      { start: '2027-02-16T09:00:00+01:00', end: '2027-02-17T16:00:00+01:00', registrationDeadline: '2027-02-02' },
      {
        start: '2027-05-11T09:00:00+02:00',
        end: '2027-05-12T16:00:00+02:00',
        registrationDeadline: '2027-04-27',
        sessions: [{ startsAt: '2027-05-11T09:00:00+02:00', endsAt: '2027-05-11T16:00:00+02:00' }],
      },
    ],
  },
];

describe('the demo programme', () => {
  it('stays as it is while its first deadline is far enough ahead', () => {
    expect(keepProgrammeAhead(programme, new Date('2026-11-29T12:00:00Z'))).toEqual(programme);
  });

  it('moves ahead by whole 52-week years once a deadline has passed, keeping weekdays and Berlin times', () => {
    const [moved] = keepProgrammeAhead(programme, new Date('2027-03-01T12:00:00Z'));
    const [february, may] = moved?.offerings ?? [];
    expect(february?.registrationDeadline).toBe('2028-02-01');
    expect(february?.start).toBe('2028-02-15T09:00:00+01:00');
    expect(new Date(february?.start ?? '').getUTCDay()).toBe(new Date('2027-02-16T09:00:00+01:00').getUTCDay());
    expect(may?.start).toBe('2028-05-09T09:00:00+02:00');
    expect(may?.sessions?.[0]?.endsAt).toBe('2028-05-09T16:00:00+02:00');
  });

  it('moves as many years as it takes', () => {
    const [moved] = keepProgrammeAhead(programme, new Date('2031-06-01T12:00:00Z'));
    expect(Date.parse(`${moved?.offerings[0]?.registrationDeadline}T00:00:00Z`)).toBeGreaterThan(Date.parse('2031-06-08T00:00:00Z'));
  });

  it('gives a moved time the offset of its new season', () => {
    const march = [
      { offerings: [{ start: '2027-03-30T09:00:00+02:00', end: '2027-03-30T16:00:00+02:00', registrationDeadline: '2027-03-16' }] },
    ];
    // 52 weeks later is 2028-03-28, after the clocks went forward on 2028-03-26.
    expect(keepProgrammeAhead(march, new Date('2027-04-01T00:00:00Z'))[0]?.offerings[0]?.start).toBe('2028-03-28T09:00:00+02:00');
    const october = [
      { offerings: [{ start: '2027-10-26T09:00:00+01:00', end: '2027-10-26T16:00:00+01:00', registrationDeadline: '2027-10-12' }] },
    ];
    // 52 weeks later is 2028-10-24, before the clocks go back on 2028-10-29: summer time.
    expect(keepProgrammeAhead(october, new Date('2027-11-01T00:00:00Z'))[0]?.offerings[0]?.start).toBe('2028-10-24T09:00:00+02:00');
  });
});
