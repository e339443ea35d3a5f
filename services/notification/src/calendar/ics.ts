/**
 * A small iCalendar writer (RFC 5545) for single-event iTIP messages (RFC 5546): just what an
 * invitation and its cancellation need, with the escaping and line folding done right.
 */

export interface CalendarAddress {
  name: string;
  address: string;
}

export interface CalendarMessage {
  method: 'REQUEST' | 'CANCEL';
  /** Stays the same for every message about one registration, so calendars update the entry. */
  uid: string;
  /** Raised with every change to the entry; a calendar ignores a message with a lower one. */
  sequence: number;
  /** When this version of the entry was decided (DTSTAMP). */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  location: string;
  description?: string;
  organizer: CalendarAddress;
  attendee: CalendarAddress;
}

const PRODUCT_ID = '-//Seminarwerk//Notification//DE';

export function calendarMessage(message: CalendarMessage): string {
  const cancelled = message.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${message.method}`,
    'BEGIN:VEVENT',
    `UID:${text(message.uid)}`,
    `SEQUENCE:${message.sequence}`,
    `DTSTAMP:${utc(message.stamp)}`,
    `DTSTART:${utc(message.start)}`,
    `DTEND:${utc(message.end)}`,
    `SUMMARY:${text(message.summary)}`,
    `LOCATION:${text(message.location)}`,
    ...(message.description ? [`DESCRIPTION:${text(message.description)}`] : []),
    `ORGANIZER;CN=${param(message.organizer.name)}:mailto:${message.organizer.address}`,
    `ATTENDEE;CN=${param(message.attendee.name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${message.attendee.address}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** DATE-TIME in UTC, form #2 of RFC 5545 §3.3.5: 20270301T080000Z. */
export function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped; other controls dropped. */
export function text(value: string): string {
  return withoutControls(value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n'));
}

/** A quoted parameter value: DQUOTE and line breaks cannot appear in one, so they use RFC 6868's caret escapes. */
export function param(value: string): string {
  return `"${withoutControls(
    value
      .replace(/\^/g, '^^')
      .replace(/\r\n|\r|\n/g, '^n')
      .replace(/"/g, "^'"),
  )}"`;
}

/** CONTROL characters other than HTAB may not appear in any value (RFC 5545 §3.1). */
const withoutControls = (value: string) => [...value].filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f')).join('');

const encoder = new TextEncoder();
const MAX_OCTETS = 75;

/**
 * Folds a content line so no physical line exceeds 75 octets (RFC 5545 §3.1), counting UTF-8
 * octets and never splitting a character. A continuation line starts with one space.
 */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}
