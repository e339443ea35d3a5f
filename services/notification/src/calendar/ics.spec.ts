import { describe, expect, it } from 'vitest';
import { type CalendarMessage, calendarMessage, fold, param, text, utc } from './ics.ts';

const invitation: CalendarMessage = {
  method: 'REQUEST',
  uid: 'registration-0b0e3c8e-5f43-4c57-9a53-0b3f0f0d8f11@seminarwerk',
  sequence: 0,
  stamp: new Date('2026-11-26T10:15:00.123Z'),
  start: new Date('2027-03-01T08:00:00Z'),
  end: new Date('2027-03-01T15:30:00Z'),
  summary: 'Vergaberecht kompakt',
  location: 'Rathaus Musterstadt',
  organizer: { name: 'Studieninstitut (Demo)', address: 'seminare@studieninstitut.example' },
  attendee: { name: 'Ada Lovelace', address: 'ada@example.org' },
};

const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('calendarMessage', () => {
  it('writes one event with a stable UID, the sequence and UTC times', () => {
    const lines = physicalLines(unfold(calendarMessage(invitation)));
    expect(lines.slice(0, 6)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Seminarwerk//Notification//DE',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
    ]);
    expect(lines).toContain(`UID:${invitation.uid}`);
    expect(lines).toContain('SEQUENCE:0');
    expect(lines).toContain('DTSTAMP:20261126T101500Z');
    expect(lines).toContain('DTSTART:20270301T080000Z');
    expect(lines).toContain('DTEND:20270301T153000Z');
    expect(lines).toContain('SUMMARY:Vergaberecht kompakt');
    expect(lines).toContain('LOCATION:Rathaus Musterstadt');
    expect(lines).toContain('ORGANIZER;CN="Studieninstitut (Demo)":mailto:seminare@studieninstitut.example');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines.slice(-2)).toEqual(['END:VEVENT', 'END:VCALENDAR']);
  });

  it('ends every line, the last one too, with CRLF and never with a bare LF', () => {
    const ics = calendarMessage({ ...invitation, summary: 'Zeile 1\nZeile 2' });
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('cancels with the same UID, a higher sequence and a cancelled status', () => {
    const ics = unfold(calendarMessage({ ...invitation, method: 'CANCEL', sequence: 1 }));
    expect(ics).toContain('METHOD:CANCEL\r\n');
    expect(ics).toContain(`UID:${invitation.uid}\r\n`);
    expect(ics).toContain('SEQUENCE:1\r\n');
    expect(ics).toContain('STATUS:CANCELLED\r\n');
  });

  it('is the same text for the same input, so a resent invitation is identical', () => {
    expect(calendarMessage(invitation)).toBe(calendarMessage({ ...invitation }));
  });
});

describe('escaping', () => {
  it('escapes backslash, semicolon, comma and line breaks in text values', () => {
    expect(text('Recht; Ordnung, Verwaltung\r\nTeil 2\nC:\\Daten')).toBe('Recht\\; Ordnung\\, Verwaltung\\nTeil 2\\nC:\\\\Daten');
  });

  it('drops control characters but keeps tabs and umlauts', () => {
    expect(text('Grüße\u0007\tSaal')).toBe('Grüße\tSaal');
  });

  it('quotes parameter values and caret-escapes what a quoted string cannot hold (RFC 6868)', () => {
    expect(param('Lovelace, Ada "Ada" ^1\nX')).toBe(`"Lovelace, Ada ^'Ada^' ^^1^nX"`);
  });

  it('keeps a quote in a participant name from breaking the ATTENDEE line', () => {
    const ics = unfold(calendarMessage({ ...invitation, attendee: { name: 'Ada "die Erste" Lovelace', address: 'ada@example.org' } }));
    expect(ics).toContain(`ATTENDEE;CN="Ada ^'die Erste^' Lovelace";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:ada@example.org\r\n`);
  });
});

describe('folding', () => {
  it('leaves lines of 75 octets alone', () => {
    const line = `SUMMARY:${'x'.repeat(67)}`;
    expect(fold(line)).toBe(line);
  });

  it('folds longer lines at 75 octets with CRLF and one space', () => {
    const folded = fold(`SUMMARY:${'x'.repeat(100)}`).split('\r\n');
    expect(folded.map((l) => Buffer.byteLength(l))).toEqual([75, 34]);
    expect(folded[1]?.startsWith(' x')).toBe(true);
  });

  it('counts UTF-8 octets and never splits a character', () => {
    const line = `SUMMARY:${'Ä'.repeat(60)}🎓${'ß'.repeat(40)}`;
    const folded = fold(line).split('\r\n');
    for (const physical of folded) {
      expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
      expect(Buffer.from(physical).toString('utf8')).toBe(physical); // no broken sequence
      expect(physical).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone surrogate
    }
    expect(unfold(folded.join('\r\n'))).toBe(line);
  });

  it('folds every long property of a message and unfolds to the original values', () => {
    const summary =
      'Digitalisierung in der Kommunalverwaltung: Onlinezugangsgesetz, E-Akte und Datenschutz – Praxisworkshop für Führungskräfte';
    const ics = calendarMessage({ ...invitation, summary });
    expect(physicalLines(ics).every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(unfold(ics)).toContain(`SUMMARY:${text(summary)}\r\n`);
  });
});

it('formats UTC date-times without separators or milliseconds', () => {
  expect(utc(new Date('2027-12-31T23:59:59.999Z'))).toBe('20271231T235959Z');
});
