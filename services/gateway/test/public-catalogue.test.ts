import { randomUUID } from 'node:crypto';
import { type ApiClient, apiClient, eventually, registerWhenOpen, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Json = Record<string, any>;

let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;
/** No API key: the catalogue is public. */
let anyone: ApiClient;

/** Everything this file creates shares one topic, so other tests' seminars never show up in its lists. */
const tag = randomUUID().slice(0, 8);
const topic = `Öffentlicher Katalog ${tag}`;
const titles = {
  presse: `Pressearbeit für Kommunen; Teil 1, ${tag}`,
  wahl: `Schulung für Wahlvorstände ${tag}`,
  haushalt: `Haushaltsrecht kompakt ${tag}`,
};
/** Long, with umlauts, commas and a line break: forces folding and escaping in the feed. */
const longSummary =
  'Pressemitteilungen, Pressegespräche und Interviews; wie Verwaltungen mit lokalen und überregionalen Medien arbeiten ' +
  'und die Deutungshoheit behalten.\nMit Übungen: Ärger, Öffentlichkeit, Größe.';

const ids = { presse: '', wahl: '', haushalt: '' };
/** Offerings by name; see beforeAll for when and where each one takes place. */
const o = { a1: '', a2: '', b1: '', b2: '', c1: '', c2: '' };

async function seminar(title: string, summary = ''): Promise<string> {
  const created = await backOffice.post<Json>('/v1/seminars', { title, topic, summary, feeCents: 19000 });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** "City, Name" is a venue in that city; "Online …" an online date. */
const place = (where: string) => {
  if (where.startsWith('Online')) return { format: 'online' };
  const [city, name] = where.split(', ');
  return { format: 'onsite', venue: { name, city } };
};

async function offering(seminarId: string, startsAt: string, endsAt: string, where: string, capacity = 10): Promise<string> {
  const created = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, {
    startsAt,
    endsAt,
    ...place(where),
    capacity,
    registrationDeadline: '2031-03-01',
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** Ids of every published offering of this file's topic with extra filters, over all pages. */
async function offeringIds(filters = ''): Promise<string[]> {
  const response = await anyone.get<Json>(`/v1/offerings?topic=${encodeURIComponent(topic)}&limit=100${filters}`);
  expect(response.status).toBe(200);
  expect(response.body.nextCursor).toBeNull();
  return response.body.items.map((i: Json) => i.id);
}

async function seminarIds(filters = ''): Promise<string[]> {
  const response = await anyone.get<Json>(`/v1/seminars?topic=${encodeURIComponent(topic)}&limit=100${filters}`);
  expect(response.status).toBe(200);
  return response.body.items.map((i: Json) => i.id);
}

async function feed(filters = ''): Promise<{ response: Response; text: string }> {
  const response = await fetch(new URL(`/v1/offerings.ics?topic=${encodeURIComponent(topic)}${filters}`, system.gatewayUrl));
  return { response, text: await response.text() };
}

beforeAll(async () => {
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', services: ['catalogue', 'registration', 'gateway'] });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  anyone = apiClient(system.gatewayUrl);
  const key = await backOffice.post<Json>('/v1/api-keys', { name: 'celle', role: 'partner', municipalityId: 'celle' });
  expect(key.status).toBe(201);
  partner = apiClient(system.gatewayUrl, key.body.key);

  ids.presse = await seminar(titles.presse, longSummary);
  ids.wahl = await seminar(titles.wahl, 'Aufgaben am Wahltag');
  ids.haushalt = await seminar(titles.haushalt);
  // 00:30 in Berlin on the 10th is still the 9th in UTC: the day filters must use Berlin days.
  o.a1 = await offering(ids.presse, '2031-03-10T00:30:00+01:00', '2031-03-10T16:00:00+01:00', 'Oldenburg, Seminarzentrum');
  o.a2 = await offering(ids.presse, '2031-04-10T09:00:00+02:00', '2031-04-10T12:00:00+02:00', 'Online (Videokonferenz)');
  o.b1 = await offering(ids.wahl, '2031-03-09T09:00:00+01:00', '2031-03-09T16:00:00+01:00', 'Hannover, Bildungszentrum');
  o.b2 = await offering(ids.wahl, '2031-05-05T09:00:00+02:00', '2031-05-05T16:00:00+02:00', 'oldenburg, Rathaus', 1);
  o.c1 = await offering(ids.haushalt, '2031-06-01T09:00:00+02:00', '2031-06-01T16:00:00+02:00', 'Lüneburg, Tagungshaus');
  o.c2 = await offering(ids.haushalt, '2031-06-02T09:00:00+02:00', '2031-06-02T16:00:00+02:00', 'Lüneburg, Tagungshaus');
  expect((await backOffice.post(`/v1/offerings/${o.c1}/cancel`, { reason: 'Referentin erkrankt' })).status).toBe(200);
  const moved = await backOffice.post(`/v1/offerings/${o.c2}/reschedule`, {
    startsAt: '2031-06-03T09:00:00+02:00',
    endsAt: '2031-06-03T16:00:00+02:00',
  });
  expect(moved.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

describe('listing offerings', () => {
  it('lists the published offerings by start time without a key, and leaves the cancelled one out', async () => {
    expect(await offeringIds()).toEqual([o.b1, o.a1, o.a2, o.b2, o.c2]);
    const page = await anyone.get<Json>(`/v1/offerings?topic=${encodeURIComponent(topic)}`);
    expect(page.body.items[0]).toMatchObject({
      id: o.b1,
      seminarId: ids.wahl,
      title: titles.wahl,
      status: 'published',
      seatsAvailable: 10,
    });
  });

  it('lists cancelled ones on request, and drafts for the back office only', async () => {
    expect(await offeringIds('&status=cancelled')).toEqual([o.c1]);
    const draftSeminar = await backOffice.post<Json>('/v1/seminars', { title: `Entwurf ${tag}`, topic, feeCents: 0, status: 'draft' });
    const draft = await backOffice.post<Json>(`/v1/seminars/${draftSeminar.body.id}/offerings`, {
      startsAt: '2031-07-01T09:00:00+02:00',
      endsAt: '2031-07-01T16:00:00+02:00',
      format: 'online',
      capacity: 5,
      registrationDeadline: '2031-06-20',
      status: 'draft',
    });
    expect(draft.status).toBe(201);
    const drafts = `/v1/offerings?topic=${encodeURIComponent(topic)}&status=draft`;
    expect((await backOffice.get<Json>(drafts)).body.items.map((i: Json) => i.id)).toEqual([draft.body.id]);
    const draftSeminars = `/v1/seminars?topic=${encodeURIComponent(topic)}&status=draft`;
    expect((await backOffice.get<Json>(draftSeminars)).body.items.map((i: Json) => i.id)).toEqual([draftSeminar.body.id]);
    for (const client of [anyone, partner]) {
      for (const path of [drafts, draftSeminars]) {
        const refused = await client.get<Json>(path);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toContain('application/problem+json');
        expect(refused.body.detail).toContain('back office');
      }
    }
    // The public lists stay as they were.
    expect(await offeringIds()).toEqual([o.b1, o.a1, o.a2, o.b2, o.c2]);
    expect(await seminarIds()).not.toContain(draftSeminar.body.id);
  });

  it('filters by Berlin calendar days, both ends inclusive', async () => {
    expect(await offeringIds('&from=2031-03-10')).toEqual([o.a1, o.a2, o.b2, o.c2]);
    expect(await offeringIds('&to=2031-03-09')).toEqual([o.b1]);
    expect(await offeringIds('&from=2031-03-10&to=2031-05-05')).toEqual([o.a1, o.a2, o.b2]);
  });

  it("filters by the venue's city (any case) and by format", async () => {
    expect(await offeringIds('&city=Oldenburg')).toEqual([o.a1, o.b2]);
    expect(await offeringIds('&city=OLDENBURG')).toEqual([o.a1, o.b2]);
    expect(await offeringIds(`&city=${encodeURIComponent('lüneburg')}`)).toEqual([o.c2]);
    expect(await offeringIds('&city=Seminarzentrum')).toEqual([]);
    expect(await offeringIds('&format=online')).toEqual([o.a2]);
    expect(await offeringIds('&format=onsite')).toEqual([o.b1, o.a1, o.b2, o.c2]);
  });

  it('searches in German with prefixes, and treats operators in the search as plain text', async () => {
    expect(await offeringIds('&q=Presse')).toEqual([o.a1, o.a2]);
    expect(await offeringIds('&q=Wahl')).toEqual([o.b1, o.b2]);
    expect(await offeringIds(`&q=${encodeURIComponent("presse:* | wahl & !'")}`)).toEqual([]);
    expect(await offeringIds(`&q=${encodeURIComponent('Presse | Kommunen!')}`)).toEqual([o.a1, o.a2]);
    expect(await offeringIds(`&q=${encodeURIComponent('Wahlvorstände Schulung')}`)).toEqual([o.b1, o.b2]);
  });

  it('pages with an opaque cursor without duplicates or gaps', async () => {
    const all = await offeringIds();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/offerings?topic=${encodeURIComponent(topic)}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await anyone.get<Json>(query);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i: Json) => i.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
  });

  it('answers 400 to a bad cursor, limit or filter', async () => {
    for (const query of ['cursor=bm90LWEtY3Vyc29y', 'limit=0', 'limit=101', 'format=hybrid', 'from=31.12.2030']) {
      const response = await anyone.get<Json>(`/v1/offerings?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('listing and reading seminars', () => {
  it('lists seminars oldest first, filters them by search and by their offerings, and pages', async () => {
    expect(await seminarIds()).toEqual([ids.presse, ids.wahl, ids.haushalt]);
    expect(await seminarIds('&q=Presse')).toEqual([ids.presse]);
    expect(await seminarIds('&q=Wahl')).toEqual([ids.wahl]);
    expect(await seminarIds('&format=online')).toEqual([ids.presse]);
    expect(await seminarIds(`&city=${encodeURIComponent('Lüneburg')}&from=2031-06-02`)).toEqual([ids.haushalt]);
    // Only c1 is on the 1st of June, and it is cancelled.
    expect(await seminarIds('&from=2031-06-01&to=2031-06-01')).toEqual([]);

    const first = await anyone.get<Json>(`/v1/seminars?topic=${encodeURIComponent(topic)}&limit=2`);
    expect(first.body.items.map((s: Json) => s.id)).toEqual([ids.presse, ids.wahl]);
    const second = await anyone.get<Json>(`/v1/seminars?topic=${encodeURIComponent(topic)}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids.haushalt })], nextCursor: null });
  });

  it('shows a seminar with its offerings by start time, the cancelled one marked cancelled', async () => {
    const detail = await anyone.get<Json>(`/v1/seminars/${ids.haushalt}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: ids.haushalt, title: titles.haushalt, topic });
    expect(detail.body.offerings.map((x: Json) => [x.id, x.status])).toEqual([
      [o.c1, 'cancelled'],
      [o.c2, 'published'],
    ]);
    expect(detail.body.offerings[1]).toMatchObject({ startsAt: '2031-06-03T07:00:00.000Z', location: 'Tagungshaus, Lüneburg' });
  });
});

describe('caching public reads', () => {
  it('sends a strong ETag and a short public max-age, and answers 304 to a matching If-None-Match', async () => {
    for (const path of [`/v1/seminars/${ids.presse}`, `/v1/seminars?topic=${encodeURIComponent(topic)}`, `/v1/offerings/${o.a1}`]) {
      const first = await anyone.get<Json>(path);
      const etag = first.headers.get('etag');
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=5');
      // The same answer with a key: the same ETag.
      expect((await partner.get<Json>(path)).headers.get('etag')).toBe(etag);

      const response = await fetch(new URL(path, system.gatewayUrl), { headers: { 'if-none-match': etag as string } });
      expect(response.status).toBe(304);
      expect(await response.text()).toBe('');
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('cache-control')).toBe('public, max-age=5');
      // Weak comparison, and a list of tags.
      const listed = await fetch(new URL(path, system.gatewayUrl), { headers: { 'if-none-match': `"other", W/${etag}` } });
      expect(listed.status).toBe(304);
      const stale = await anyone.get<Json>(path, { 'if-none-match': '"something-else"' });
      expect(stale.status).toBe(200);
    }
  });

  it('does not cache errors or writes', async () => {
    const missing = await anyone.get<Json>(`/v1/offerings/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    expect(missing.headers.get('cache-control')).toBeNull();
    const created = await backOffice.post<Json>('/v1/seminars', { title: `Ohne Termine ${tag}`, topic: `anderes ${tag}`, feeCents: 0 });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBeNull();
  });
});

describe('free seats after a registration', () => {
  it('changes seatsAvailable, the ETag and the freeSeats filter once registration reports the seats', async () => {
    const before = await anyone.get<Json>(`/v1/offerings/${o.b2}`);
    expect(before.body.seatsAvailable).toBe(1);
    const etag = before.headers.get('etag') as string;
    expect((await fetch(new URL(`/v1/offerings/${o.b2}`, system.gatewayUrl), { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect(await offeringIds('&freeSeats=true')).toContain(o.b2);

    // The first registration may come before registration knows the offering: 409 offering-not-open says retry.
    const body = { offeringId: o.b2, participant: { firstName: 'Frieda', lastName: 'Muster', email: 'frieda@celle.example' } };
    const registered = await registerWhenOpen(partner, body, { timeoutMs: 30_000 });
    expect(registered.status).toBe(201);
    expect(registered.body.status).toBe('confirmed');

    const after = await eventually(
      async () => {
        const response = await anyone.get<Json>(`/v1/offerings/${o.b2}`, { 'if-none-match': etag });
        expect(response.status).toBe(200);
        expect(response.body.seatsAvailable).toBe(0);
        return response;
      },
      { timeoutMs: 30_000 },
    );
    expect(after.headers.get('etag')).toMatch(/^"/);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(await offeringIds('&freeSeats=true')).toEqual([o.b1, o.a1, o.a2, o.c2]);
    expect(await offeringIds('&freeSeats=false')).toEqual([o.b1, o.a1, o.a2, o.b2, o.c2]);
    expect((await anyone.get<Json>(`/v1/seminars/${ids.wahl}`)).body.offerings[1]).toMatchObject({ id: o.b2, seatsAvailable: 0 });
  });
});

describe('the calendar feed', () => {
  it('is valid iCalendar with one event per published or cancelled offering and a stable UID', async () => {
    const { response, text } = await feed();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=5');

    // CRLF everywhere and no line over 75 octets.
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines.every((l) => !l.includes('\n') && !l.includes('\r'))).toBe(true);
    expect(Math.max(...lines.map((l) => Buffer.byteLength(l, 'utf8')))).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // the long description was folded

    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBeTruthy();

    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    // c1 is cancelled: it stays, marked cancelled (see 'the calendar feed: days and cancellations').
    expect(events.map((e) => e.uid)).toEqual([o.b1, o.a1, o.a2, o.b2, o.c1, o.c2].map((id) => `offering-${id}@seminarwerk`));
    const a1 = events[1] as ICAL.Event;
    expect(a1.summary).toBe(titles.presse); // ; and , escaped and read back
    expect(a1.location).toBe('Seminarzentrum, Oldenburg');
    expect(a1.description).toContain(longSummary); // folded inside umlauts, newline escaped
    expect(a1.startDate.toJSDate().toISOString()).toBe('2031-03-09T23:30:00.000Z');
    expect(a1.endDate.toJSDate().toISOString()).toBe('2031-03-10T15:00:00.000Z');
    expect(a1.startDate.zone?.tzid).toBe('UTC');
    expect(a1.component.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(a1.component.getFirstPropertyValue('url')).toBe(`${new URL(system.gatewayUrl).origin}/v1/offerings/${o.a1}`);
    expect(a1.sequence).toBe(0);
    // c2 was moved once.
    const c2 = events[5] as ICAL.Event;
    expect(c2.sequence).toBe(1);
    expect(c2.startDate.toJSDate().toISOString()).toBe('2031-06-03T07:00:00.000Z');

    // A second fetch: the same UIDs and, with nothing changed, the same bytes and ETag.
    const again = await feed();
    expect(again.text).toBe(text);
    expect(again.response.headers.get('etag')).toBe(response.headers.get('etag'));
    const notModified = await fetch(new URL(`/v1/offerings.ics?topic=${encodeURIComponent(topic)}`, system.gatewayUrl), {
      headers: { 'if-none-match': response.headers.get('etag') as string },
    });
    expect(notModified.status).toBe(304);
  });

  it('takes the list filters, and bumps SEQUENCE on every reschedule', async () => {
    const online = new ICAL.Component(ICAL.parse((await feed('&format=online')).text));
    expect(online.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'))).toEqual([`offering-${o.a2}@seminarwerk`]);

    const moved = await backOffice.post(`/v1/offerings/${o.a2}/reschedule`, {
      startsAt: '2031-04-11T09:00:00+02:00',
      endsAt: '2031-04-11T12:00:00+02:00',
    });
    expect(moved.status).toBe(200);
    const events = new ICAL.Component(ICAL.parse((await feed('&format=online')).text)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(1);
    const event = new ICAL.Event(events[0]);
    expect(event.uid).toBe(`offering-${o.a2}@seminarwerk`);
    expect(event.sequence).toBe(1);
    expect(event.startDate.toJSDate().toISOString()).toBe('2031-04-11T07:00:00.000Z');
  });
});

describe('the calendar feed: days and cancellations', () => {
  /** A topic of its own, so the lists and feeds above never see these offerings. */
  const calendarTopic = `Kalendertage ${tag}`;
  let seminarId = '';

  beforeAll(async () => {
    const created = await backOffice.post<Json>('/v1/seminars', {
      title: `Führen in der Verwaltung ${tag}`,
      topic: calendarTopic,
      feeCents: 0,
    });
    expect(created.status).toBe(201);
    seminarId = created.body.id;
  });

  /** Online, so no venue is needed. */
  async function schedule(dates: Json): Promise<string> {
    const created = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, {
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
    const response = await fetch(new URL(`/v1/offerings.ics?topic=${encodeURIComponent(calendarTopic)}`, system.gatewayUrl));
    expect(response.status).toBe(200);
    const text = await response.text();
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    return { text, events: events.filter((e) => e.uid.startsWith(`offering-${offeringId}`)) };
  }
  const times = (events: ICAL.Event[]) => events.map((e) => [e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()]);

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
    expect(first.events.map((e) => e.summary)).toEqual([1, 2].map((n) => `Führen in der Verwaltung ${tag} (Tag ${n} von 2)`));
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
    const moved = await backOffice.post(`/v1/offerings/${id}/reschedule`, {
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

    expect((await backOffice.post(`/v1/offerings/${id}/cancel`, { reason: 'Referent erkrankt' })).status).toBe(200);
    const { events } = await eventsOf(id);
    expect(events).toHaveLength(1);
    const [cancelled] = events;
    expect(cancelled?.uid).toBe(`offering-${id}@seminarwerk`);
    expect(cancelled?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled?.sequence).toBeGreaterThan(published?.sequence ?? 0);
    expect(cancelled?.summary).toBe(`Abgesagt: Führen in der Verwaltung ${tag}`);
    expect(times(events)).toEqual([['2031-10-01T07:00:00.000Z', '2031-10-01T10:00:00.000Z']]);
    // The lists still show published offerings only.
    const listed = await anyone.get<Json>(`/v1/offerings?topic=${encodeURIComponent(calendarTopic)}&limit=100`);
    expect(listed.body.items.map((i: Json) => i.id)).not.toContain(id);
  });

  it("gives the events a new DTSTAMP and SUMMARY when the seminar's title changes", async () => {
    const id = await schedule({ startsAt: '2031-11-03T09:00:00+01:00', endsAt: '2031-11-03T12:00:00+01:00' });
    const [before] = (await eventsOf(id)).events;
    await new Promise((r) => setTimeout(r, 1100)); // DTSTAMP has whole seconds
    const title = `Führen und Verwalten ${tag}`;
    const renamed = await fetch(new URL(`/v1/seminars/${seminarId}`, system.gatewayUrl), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${system.backOfficeKey}` },
      body: JSON.stringify({ title }),
    });
    expect(renamed.status).toBe(200);
    const [after] = (await eventsOf(id)).events;
    expect(after?.summary).toBe(title);
    expect(after?.uid).toBe(before?.uid);
    const stamp = (e: ICAL.Event | undefined) =>
      (e?.component.getFirstPropertyValue('dtstamp') as ICAL.Time | undefined)?.toJSDate().getTime();
    expect(stamp(after)).toBeGreaterThan(stamp(before) ?? Number.POSITIVE_INFINITY);
  });
});
