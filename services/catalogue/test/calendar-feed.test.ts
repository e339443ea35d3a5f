import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { longSummary, type Programme, scheduleProgramme } from './programme.ts';
import { apiBaseUrl, type Json, useCatalogue } from './support.ts';

const { backOffice, anyone, calendar } = useCatalogue();

const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
const times = (events: ICAL.Event[]) => events.map((e) => [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()]);
const stamp = (e: ICAL.Event | undefined) => (e?.component.getFirstPropertyValue('dtstamp') as ICAL.Time | undefined)?.toJSDate().getTime();

describe('the calendar feed of the programme', () => {
  let p: Programme;
  const feed = (filters = '') => calendar(`&topic=${encodeURIComponent(p.topic)}${filters}`);

  beforeAll(async () => {
    p = await scheduleProgramme(backOffice);
  });

  it('is valid iCalendar with one event per published or cancelled offering and a stable UID', async () => {
    const { o, titles } = p;
    const { response, text } = await feed();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');

    // CRLF everywhere and no line over 75 octets.
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.every((l) => !l.includes('\n') && !l.includes('\r'))).toBe(true);
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')))).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // the long description was folded

    const calendarComponent = new ICAL.Component(ICAL.parse(text));
    expect(calendarComponent.name).toBe('vcalendar');
    expect(calendarComponent.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendarComponent.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(calendarComponent.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendarComponent.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendarComponent.getFirstPropertyValue('x-wr-calname')).toBeTruthy();

    const events = vevents(text);
    // c1 is cancelled: it stays, marked cancelled (see 'days and cancellations' below).
    expect(events.map((e) => e.uid)).toEqual([o.b1, o.a1, o.a2, o.b2, o.c1, o.c2].map((id) => `offering-${id}@seminarwerk`));
    const a1 = events[1] as ICAL.Event;
    expect(a1.summary).toBe(titles.presse); // ; and , escaped and read back
    expect(a1.location).toBe('Seminarzentrum, Oldenburg');
    expect(a1.description).toContain(longSummary); // folded inside umlauts, newline escaped
    expect(a1.startDate.toJSDate().toISOString()).toBe('2031-03-09T23:30:00.000Z');
    expect(a1.endDate.toJSDate().toISOString()).toBe('2031-03-10T15:00:00.000Z');
    expect(a1.startDate.zone?.tzid).toBe('UTC');
    expect(a1.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    // Each event links the offering in the public API, at the address the gateway gave.
    expect(a1.component.getFirstPropertyValue('url')).toBe(`${apiBaseUrl}/v1/offerings/${o.a1}`);
    expect(a1.sequence).toBe(0);
    // c2 was moved once.
    const c2 = events[5] as ICAL.Event;
    expect(c2.sequence).toBe(1);
    expect(c2.startDate.toJSDate().toISOString()).toBe('2031-06-03T07:00:00.000Z');

    // With nothing changed, a second fetch is the same, byte for byte (so its ETag is too).
    expect((await feed()).text).toBe(text);
  });

  it('takes the list filters, and bumps SEQUENCE on every reschedule', async () => {
    const { o } = p;
    expect(vevents((await feed('&format=online')).text).map((e) => e.uid)).toEqual([`offering-${o.a2}@seminarwerk`]);

    const moved = await backOffice.post(`/offerings/${o.a2}/reschedule`, {
      startsAt: '2031-04-11T09:00:00+02:00',
      endsAt: '2031-04-11T12:00:00+02:00',
    });
    expect(moved.status).toBe(200);
    const events = vevents((await feed('&format=online')).text);
    expect(events).toHaveLength(1);
    expect(events[0]?.uid).toBe(`offering-${o.a2}@seminarwerk`);
    expect(events[0]?.sequence).toBe(1);
    expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2031-04-11T07:00:00.000Z');
  });
});

describe('the calendar feed: days and cancellations', () => {
  /** A topic of its own, so the feed above never sees these offerings. */
  const topic = `Kalendertage ${Math.random().toString(36).slice(2, 10)}`;
  const title = `Führen in der Verwaltung ${topic}`;
  let seminarId = '';
  /** Scheduled first, renamed last: its DTSTAMP is seconds old by then. */
  let renamedLater = '';

  /** Online, so no venue is needed. */
  async function schedule(dates: Json): Promise<string> {
    const created = await backOffice.post(`/seminars/${seminarId}/offerings`, {
      format: 'online',
      capacity: 10,
      registrationDeadline: '2031-03-01',
      ...dates,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** The feed's events of one offering (its UIDs start with `offering-<id>`). */
  async function eventsOf(offeringId: string): Promise<{ text: string; events: ICAL.Event[] }> {
    const { response, text } = await calendar(`&topic=${encodeURIComponent(topic)}`);
    expect(response.status).toBe(200);
    return { text, events: vevents(text).filter((e) => e.uid.startsWith(`offering-${offeringId}`)) };
  }

  beforeAll(async () => {
    const created = await backOffice.post('/seminars', { title, topic, feeCents: 0 });
    expect(created.status).toBe(201);
    seminarId = created.body.id;
    renamedLater = await schedule({ startsAt: '2031-11-03T09:00:00+01:00', endsAt: '2031-11-03T12:00:00+01:00' });
  });

  it('writes one event per day of a multi-day offering, with UIDs that stay when fetched again and when it moves', async () => {
    const id = await schedule({
      startsAt: '2031-09-01T09:00:00+02:00',
      endsAt: '2031-09-02T13:00:00+02:00',
      sessions: [
        { startsAt: '2031-09-01T09:00:00+02:00', endsAt: '2031-09-01T16:00:00+02:00' },
        { startsAt: '2031-09-02T09:00:00+02:00', endsAt: '2031-09-02T13:00:00+02:00' },
      ],
    });
    const first = await eventsOf(id);
    const uids = [`offering-${id}@seminarwerk`, `offering-${id}-2@seminarwerk`];
    expect(first.events.map((e) => e.uid)).toEqual(uids);
    expect(first.events.map((e) => e.summary)).toEqual([1, 2].map((n) => `${title} (Tag ${n} von 2)`));
    expect(times(first.events)).toEqual([
      ['2031-09-01T07:00:00.000Z', '2031-09-01T14:00:00.000Z'],
      ['2031-09-02T07:00:00.000Z', '2031-09-02T11:00:00.000Z'],
    ]);
    expect(first.events.map((e) => [e.sequence, e.component.getFirstPropertyValue('status')])).toEqual([
      [0, 'CONFIRMED'],
      [0, 'CONFIRMED'],
    ]);

    const again = await eventsOf(id);
    expect(again.text).toBe(first.text);
    expect(again.events.map((e) => e.uid)).toEqual(uids);

    // A week later: the days move along, keep their UIDs, and SEQUENCE grows so calendars take the new times.
    const moved = await backOffice.post(`/offerings/${id}/reschedule`, {
      startsAt: '2031-09-08T09:00:00+02:00',
      endsAt: '2031-09-09T13:00:00+02:00',
    });
    expect(moved.status).toBe(200);
    const after = await eventsOf(id);
    expect(after.events.map((e) => e.uid)).toEqual(uids);
    expect(after.events.map((e) => e.sequence)).toEqual([1, 1]);
    expect(times(after.events)).toEqual([
      ['2031-09-08T07:00:00.000Z', '2031-09-08T14:00:00.000Z'],
      ['2031-09-09T07:00:00.000Z', '2031-09-09T11:00:00.000Z'],
    ]);
  });

  it('keeps a cancelled offering as STATUS:CANCELLED with a higher SEQUENCE, and never shows a draft', async () => {
    const dates = { startsAt: '2031-10-01T09:00:00+02:00', endsAt: '2031-10-01T12:00:00+02:00' };
    const id = await schedule(dates);
    const draft = await schedule({ ...dates, status: 'draft' });
    const [published] = (await eventsOf(id)).events;
    expect(published?.uid).toBe(`offering-${id}@seminarwerk`);
    expect(published?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(published?.sequence).toBe(0);
    expect((await eventsOf(draft)).events).toEqual([]);

    expect((await backOffice.post(`/offerings/${id}/cancel`, { reason: 'Referent erkrankt' })).status).toBe(200);
    const { events } = await eventsOf(id);
    expect(events).toHaveLength(1);
    const [cancelled] = events;
    expect(cancelled?.uid).toBe(`offering-${id}@seminarwerk`);
    expect(cancelled?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled?.sequence).toBeGreaterThan(published?.sequence ?? 0);
    expect(cancelled?.summary).toBe(`Abgesagt: ${title}`);
    expect(times(events)).toEqual([['2031-10-01T07:00:00.000Z', '2031-10-01T10:00:00.000Z']]);
    // The lists still show published offerings only.
    const listed = await anyone.get(`/offerings?topic=${encodeURIComponent(topic)}&limit=100`);
    expect(listed.body.items.map((i: Json) => i.id)).not.toContain(id);
  });

  it("gives the events a new DTSTAMP and SUMMARY when the seminar's title changes", async () => {
    const [before] = (await eventsOf(renamedLater)).events;
    const stampBefore = stamp(before) ?? Number.NaN;
    expect(stampBefore).not.toBeNaN();
    // DTSTAMP has whole seconds: a change must fall in a later second to show. Scheduled in beforeAll, the
    // offering is normally seconds old by now; if not, wait for the clock to pass its second, no longer.
    const nextSecond = stampBefore + 1000;
    if (Date.now() < nextSecond) await new Promise((r) => setTimeout(r, nextSecond - Date.now()));

    const renamed = await backOffice.patch(`/seminars/${seminarId}`, { title: `Führen und Verwalten ${topic}` });
    expect(renamed.status).toBe(200);
    const [after] = (await eventsOf(renamedLater)).events;
    expect(after?.summary).toBe(`Führen und Verwalten ${topic}`);
    expect(after?.uid).toBe(before?.uid);
    expect(stamp(after)).toBeGreaterThan(stampBefore);
  });
});
