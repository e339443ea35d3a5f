import { describe, expect, it } from 'vitest';
import { type FeedOffering, offeringEvents } from './feed-events.ts';

const id = '4b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
const day1 = { startsAt: '2027-02-16T08:00:00.000Z', endsAt: '2027-02-16T15:00:00.000Z' };
const day2 = { startsAt: '2027-02-17T08:00:00.000Z', endsAt: '2027-02-17T15:00:00.000Z' };
const day3 = { startsAt: '2027-02-18T08:00:00.000Z', endsAt: '2027-02-18T12:00:00.000Z' };
const singleBlock = { startsAt: day1.startsAt, endsAt: day2.endsAt };

const offering = (changes: Partial<FeedOffering> = {}): FeedOffering => ({
  id,
  status: 'published',
  venue: 'Oldenburg, Seminarzentrum',
  registrationDeadline: new Date('2027-02-02'),
  sessions: [singleBlock],
  seminar: { title: 'Pressearbeit für Kommunen', summary: 'Mit Übungen.' },
  ...changes,
});
const revision = { sequence: 0, stamp: new Date('2026-11-20T08:00:00Z') };
const url = `https://api.example/v1/offerings/${id}`;
const events = (changes: Partial<FeedOffering> = {}) => offeringEvents(offering(changes), revision, url);

describe('the feed events of an offering', () => {
  it('is one event with the offering UID while the offering is one block', () => {
    const [event, ...more] = events();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      uid: `offering-${id}@seminarwerk`,
      start: new Date(singleBlock.startsAt),
      end: new Date(singleBlock.endsAt),
      summary: 'Pressearbeit für Kommunen',
      location: 'Oldenburg, Seminarzentrum',
      description: 'Mit Übungen.\n\nAnmeldeschluss: 2027-02-02',
      url,
      status: 'CONFIRMED',
      sequence: 0,
      stamp: revision.stamp,
      lastModified: revision.stamp,
    });
  });

  it('is one event per day, numbered in the title, with a UID per day', () => {
    const days = events({ sessions: [day1, day2, day3] });
    expect(days.map((e) => [e.uid, e.summary, e.start.toISOString(), e.end.toISOString()])).toEqual([
      [`offering-${id}@seminarwerk`, 'Pressearbeit für Kommunen (Tag 1 von 3)', day1.startsAt, day1.endsAt],
      [`offering-${id}-2@seminarwerk`, 'Pressearbeit für Kommunen (Tag 2 von 3)', day2.startsAt, day2.endsAt],
      [`offering-${id}-3@seminarwerk`, 'Pressearbeit für Kommunen (Tag 3 von 3)', day3.startsAt, day3.endsAt],
    ]);
  });

  it('keeps the UIDs when the days move, and the first one when a block is split into days', () => {
    const uids = (sessions: FeedOffering['sessions']) => events({ sessions }).map((e) => e.uid);
    expect(uids([day2, day3])).toEqual(uids([day1, day2]));
    expect(uids([day1, day2])[0]).toBe(uids([singleBlock])[0]);
  });

  it('marks every day of a cancelled offering cancelled, in the status and the title', () => {
    const days = events({ status: 'cancelled', sessions: [day1, day2] });
    expect(days.map((e) => [e.status, e.summary])).toEqual([
      ['CANCELLED', 'Abgesagt: Pressearbeit für Kommunen (Tag 1 von 2)'],
      ['CANCELLED', 'Abgesagt: Pressearbeit für Kommunen (Tag 2 von 2)'],
    ]);
  });

  it('leaves an empty seminar summary out of the description', () => {
    expect(events({ seminar: { title: 'Haushaltsrecht', summary: '' } })[0]?.description).toBe('Anmeldeschluss: 2027-02-02');
  });
});
