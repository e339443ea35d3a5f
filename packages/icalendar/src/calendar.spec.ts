import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type Calendar, type CalendarEvent, writeCalendar } from './calendar.ts';

const invitationEvent: CalendarEvent = {
  uid: 'registration-0b0e3c8e-5f43-4c57-9a53-0b3f0f0d8f11@seminarwerk',
  sequence: 0,
  stamp: new Date('2026-11-26T10:15:00.123Z'),
  start: new Date('2027-03-01T08:00:00Z'),
  end: new Date('2027-03-01T15:30:00Z'),
  summary: 'Vergaberecht kompakt',
  location: 'Rathaus Musterstadt',
  description: 'Ihre Anmeldenummer: 0b0e3c8e',
  status: 'CONFIRMED',
  organizer: { name: 'Studieninstitut (Demo)', address: 'seminare@studieninstitut.example' },
  attendee: { name: 'Ada Lovelace', address: 'ada@example.org' },
};
const invitation = (event: Partial<CalendarEvent> = {}, method: Calendar['method'] = 'REQUEST') =>
  writeCalendar({ prodId: '-//Seminarwerk//Notification//DE', method, events: [{ ...invitationEvent, ...event }] });

/** Two days of a feed, with everything that needs escaping and folding. */
const feed: Calendar = {
  prodId: '-//Seminarwerk//Seminarkalender//DE',
  method: 'PUBLISH',
  name: 'Seminarwerk: Seminartermine',
  events: ['2027-02-16', '2027-02-17'].map((date, i) => ({
    uid: `offering-4b7c-${i + 1}@seminarwerk`,
    sequence: 2,
    stamp: new Date('2026-11-20T08:00:00Z'),
    lastModified: new Date('2026-11-20T08:00:00Z'),
    start: new Date(`${date}T08:00:00Z`),
    end: new Date(`${date}T15:00:00Z`),
    summary: `Pressearbeit für Kommunen; Teil 1, Ärger (Tag ${i + 1} von 2)`,
    location: 'Oldenburg, Seminarzentrum',
    description:
      'Pressemitteilungen, Pressegespräche und Interviews; Übungen zu Öffentlichkeit, Größe und Ärger.\n\nAnmeldeschluss: 2027-02-01',
    url: 'https://api.example/v1/offerings/4b7c',
    status: 'CONFIRMED' as const,
  })),
};

const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const parse = (ics: string) => new ICAL.Component(ICAL.parse(ics));
const events = (ics: string) => parse(ics).getAllSubcomponents('vevent');

describe('an invitation (iTIP REQUEST)', () => {
  it('writes one event with the UID, the sequence, UTC times, organizer and attendee', () => {
    const lines = physicalLines(unfold(invitation()));
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Seminarwerk//Notification//DE',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
    ]);
    expect(lines).toContain(`UID:${invitationEvent.uid}`);
    expect(lines).toContain('SEQUENCE:0');
    expect(lines).toContain('DTSTAMP:20261126T101500Z');
    expect(lines).toContain('DTSTART:20270301T080000Z');
    expect(lines).toContain('DTEND:20270301T153000Z');
    expect(lines).toContain('ORGANIZER;CN="Studieninstitut (Demo)":mailto:seminare@studieninstitut.example');
    expect(lines).toContain('ATTENDEE;CN="Ada Lovelace";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:ada@example.org');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines).toContain('TRANSP:OPAQUE');
    expect(lines).not.toContain(expect.stringMatching(/^(X-WR-CALNAME|LAST-MODIFIED|URL)/));
    expect(lines.slice(-2)).toEqual(['END:VEVENT', 'END:VCALENDAR']);
  });

  it('ends every line, the last one too, with CRLF and never with a bare LF', () => {
    const ics = invitation({ summary: 'Zeile 1\nZeile 2' });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('cancels with the same UID, a higher sequence, a cancelled status and no longer blocks the time', () => {
    const ics = unfold(invitation({ sequence: 1, status: 'CANCELLED' }, 'CANCEL'));
    expect(ics).toContain('METHOD:CANCEL\r\n');
    expect(ics).toContain(`UID:${invitationEvent.uid}\r\n`);
    expect(ics).toContain('SEQUENCE:1\r\n');
    expect(ics).toContain('STATUS:CANCELLED\r\n');
    expect(ics).toContain('TRANSP:TRANSPARENT\r\n');
  });

  it('is the same text for the same input, so a resent invitation is identical', () => {
    expect(invitation()).toBe(invitation({}));
  });

  it('reads back in ical.js, a quote in the participant name included (RFC 6868)', () => {
    const ics = invitation({ attendee: { name: 'Ada "die Erste" Lovelace', address: 'ada@example.org' } });
    expect(unfold(ics)).toContain(`ATTENDEE;CN="Ada ^'die Erste^' Lovelace";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:ada@example.org\r\n`);
    const [vevent] = events(ics);
    const attendee = vevent?.getFirstProperty('attendee');
    expect(attendee?.getParameter('cn')).toBe('Ada "die Erste" Lovelace');
    expect(attendee?.getFirstValue()).toBe('mailto:ada@example.org');
    expect(vevent?.getFirstProperty('organizer')?.getParameter('cn')).toBe('Studieninstitut (Demo)');
    expect(vevent?.getFirstPropertyValue('description')).toBe(invitationEvent.description);
  });

  it('leaves out properties without a value', () => {
    const ics = invitation({ location: undefined, description: '', organizer: undefined, attendee: undefined });
    expect(ics).not.toMatch(/^(LOCATION|DESCRIPTION|ORGANIZER|ATTENDEE)/m);
  });
});

describe('a published feed', () => {
  const ics = writeCalendar(feed);

  it('names the calendar and has one event per entry, in order', () => {
    const calendar = parse(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Seminarwerk: Seminartermine');
    expect(calendar.getFirstPropertyValue('prodid')).toBe(feed.prodId);
    expect(events(ics).map((v) => v.getFirstPropertyValue('uid'))).toEqual(['offering-4b7c-1@seminarwerk', 'offering-4b7c-2@seminarwerk']);
  });

  it('folds every long line at 75 octets and reads back the original values', () => {
    expect(physicalLines(ics).every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(physicalLines(ics).some((l) => l.startsWith(' '))).toBe(true);
    const event = new ICAL.Event(events(ics)[1]);
    const [, day2] = feed.events;
    expect(event.summary).toBe(day2?.summary);
    expect(event.location).toBe(day2?.location);
    expect(event.description).toBe(day2?.description);
    expect(event.sequence).toBe(2);
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(event.startDate.toJSDate()).toEqual(day2?.start);
    expect(event.endDate.toJSDate()).toEqual(day2?.end);
    expect(event.component.getFirstPropertyValue('url')).toBe(day2?.url);
    expect(event.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(event.component.getFirstPropertyValue('last-modified'))).toBe('2026-11-20T08:00:00Z');
  });

  it('marks a cancelled entry cancelled', () => {
    const cancelled = writeCalendar({ ...feed, events: feed.events.map((e) => ({ ...e, status: 'CANCELLED' as const })) });
    expect(events(cancelled).map((v) => v.getFirstPropertyValue('status'))).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('is a valid calendar without events', () => {
    const empty = writeCalendar({ ...feed, events: [] });
    expect(parse(empty).getAllSubcomponents('vevent')).toEqual([]);
    expect(empty.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
