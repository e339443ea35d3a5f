import type { Session } from '@seminarwerk/contracts/api';
import type { CalendarEvent } from '@seminarwerk/icalendar';

/** What the public feed shows of an offering: a published or cancelled one, with its seminar. */
export interface FeedOffering {
  id: string;
  status: string;
  venue: string;
  registrationDeadline: Date;
  sessions: readonly Session[];
  seminar: { title: string; summary: string };
}

/** The offering's version: SEQUENCE counts its changes of date or status, `stamp` is its last change of any kind. */
export interface FeedRevision {
  sequence: number;
  stamp: Date;
}

/**
 * One VEVENT per session (day), so a two-day seminar shows as two days and not as one 31-hour block.
 *
 * Separate events rather than one recurring event: the days differ in times and title ("Tag 2 von 3"),
 * which a recurrence set can only say with `RDATE;VALUE=PERIOD` (not reliably supported by Outlook and
 * Google Calendar) or an override per day; separate events show the same everywhere.
 *
 * UIDs (`sessionUid`): day 1 keeps the offering's UID `offering-<id>@seminarwerk`, day n ≥ 2 is
 * `offering-<id>-<n>@seminarwerk`. Days count by position, not date, so moving a day keeps its UID and
 * the higher SEQUENCE moves the entry. Day 1 has no suffix so that splitting a single block into days, or
 * joining days back into one (a reschedule with new sessions), updates the entry subscribers already have,
 * with their alarms and notes, instead of replacing it; days that are gone drop out of the feed and
 * subscribed calendars remove them.
 *
 * A cancelled offering stays with STATUS:CANCELLED: a subscribed calendar keeps a date that merely vanishes
 * from the feed. Its title says so too, for calendars that show a cancelled event like any other.
 */
export function offeringEvents(offering: FeedOffering, revision: FeedRevision, url: string): CalendarEvent[] {
  const { sessions, seminar } = offering;
  const cancelled = offering.status === 'cancelled';
  const title = cancelled ? `Abgesagt: ${seminar.title}` : seminar.title;
  // Nothing that changes without a new DTSTAMP (free seats): those are in the API, behind URL.
  const description = [seminar.summary, `Anmeldeschluss: ${offering.registrationDeadline.toISOString().slice(0, 10)}`]
    .filter(Boolean)
    .join('\n\n');
  return sessions.map((session, i) => ({
    uid: sessionUid(offering.id, i),
    sequence: revision.sequence,
    stamp: revision.stamp,
    lastModified: revision.stamp,
    start: new Date(session.startsAt),
    end: new Date(session.endsAt),
    summary: sessions.length === 1 ? title : `${title} (Tag ${i + 1} von ${sessions.length})`,
    location: offering.venue,
    description,
    url,
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
  }));
}

/** The UID of the offering's session at `index` (from 0); see `offeringEvents` for the scheme. */
export const sessionUid = (offeringId: string, index: number) =>
  index === 0 ? `offering-${offeringId}@seminarwerk` : `offering-${offeringId}-${index + 1}@seminarwerk`;
