import { describe, expect, it } from 'vitest';
import { scheduleOffering } from './catalogue.ts';

const now = new Date('2026-11-26T10:00:00Z');
const input = {
  startsAt: '2027-02-16T09:00:00+01:00',
  endsAt: '2027-02-17T16:00:00+01:00',
  venue: 'Oldenburg, Seminarzentrum',
  capacity: 16,
  registrationDeadline: '2027-02-02',
};

describe('scheduling an offering', () => {
  it('publishes a date of an existing seminar', () => {
    const events = scheduleOffering(input, { id: 's1' }, 'o1', now);
    expect(events).toEqual([
      expect.objectContaining({ type: 'OfferingScheduled', data: expect.objectContaining({ status: 'published', capacity: 16 }) }),
    ]);
  });

  it('refuses a date of an unknown seminar', () => {
    expect(scheduleOffering(input, null, 'o1', now)).toMatchObject({ rejected: true, code: 'seminar-not-found' });
  });

  it('refuses a date in the past', () => {
    const past = { ...input, startsAt: '2026-01-01T09:00:00Z', endsAt: '2026-01-01T16:00:00Z' };
    expect(scheduleOffering(past, { id: 's1' }, 'o1', now)).toMatchObject({ code: 'offering-in-the-past' });
  });
});
