import { fold, param, text, uri, utc } from './content-line.ts';

/** A person or mailbox in ORGANIZER/ATTENDEE: CN and a mailto: address. */
export interface CalendarAddress {
  name: string;
  address: string;
}

export interface CalendarEvent {
  /** Never changes for one calendar entry, so calendars update it instead of adding another. */
  uid: string;
  /** Grows with every change of the entry (RFC 5545 §3.8.7.4); a calendar ignores a version with a lower one. */
  sequence: number;
  /** DTSTAMP: when this version was decided, not "now", so the same input writes the same text. */
  stamp: Date;
  lastModified?: Date;
  start: Date;
  end: Date;
  summary: string;
  location?: string;
  description?: string;
  url?: string;
  status: 'CONFIRMED' | 'CANCELLED';
  organizer?: CalendarAddress;
  /** A participant who need not answer (ROLE=REQ-PARTICIPANT, RSVP=FALSE). */
  attendee?: CalendarAddress;
}

export interface Calendar {
  prodId: string;
  /** PUBLISH for a feed; REQUEST and CANCEL are iTIP messages (RFC 5546) and carry ORGANIZER and ATTENDEE. */
  method: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  /** X-WR-CALNAME: the name a subscribing calendar app shows. */
  name?: string;
  events: readonly CalendarEvent[];
}

/** A VCALENDAR with CRLF after every line, the last one too, and every line folded at 75 octets. */
export function writeCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${text(calendar.prodId)}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${calendar.method}`,
    ...optional('X-WR-CALNAME', calendar.name, text),
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

function eventLines(event: CalendarEvent): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${text(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    ...optional('LAST-MODIFIED', event.lastModified, utc),
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${text(event.summary)}`,
    ...optional('LOCATION', event.location, text),
    ...optional('DESCRIPTION', event.description, text),
    ...optional('URL', event.url, uri),
    ...(event.organizer ? [`ORGANIZER;CN=${param(event.organizer.name)}:mailto:${uri(event.organizer.address)}`] : []),
    ...(event.attendee
      ? [`ATTENDEE;CN=${param(event.attendee.name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:${uri(event.attendee.address)}`]
      : []),
    `STATUS:${event.status}`,
    // A cancelled entry no longer blocks the time in free/busy.
    `TRANSP:${event.status === 'CANCELLED' ? 'TRANSPARENT' : 'OPAQUE'}`,
    'END:VEVENT',
  ];
}

/** The property when it has a value; an empty text is left out too. */
function optional<T>(name: string, value: T | undefined, write: (value: T) => string): string[] {
  return value === undefined || value === '' ? [] : [`${name}:${write(value)}`];
}
