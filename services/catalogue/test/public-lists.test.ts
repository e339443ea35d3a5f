import { beforeAll, describe, expect, it } from 'vitest';
import { type Programme, scheduleProgramme } from './programme.ts';
import { expectProblem, type Json, useCatalogue } from './support.ts';

const { backOffice, partner, anyone, reportSeats } = useCatalogue();

let topic: string;
let titles: Programme['titles'];
let ids: Programme['ids'];
let o: Programme['o'];

beforeAll(async () => {
  ({ topic, titles, ids, o } = await scheduleProgramme(backOffice));
});

/** Ids of every published offering of the programme with extra filters, on one page. */
async function offeringIds(filters = ''): Promise<string[]> {
  const response = await anyone.get(`/offerings?topic=${encodeURIComponent(topic)}&limit=100${filters}`);
  expect(response.status).toBe(200);
  expect(response.body.nextCursor).toBeNull();
  return response.body.items.map((i: Json) => i.id);
}

async function seminarIds(filters = ''): Promise<string[]> {
  const response = await anyone.get(`/seminars?topic=${encodeURIComponent(topic)}&limit=100${filters}`);
  expect(response.status).toBe(200);
  return response.body.items.map((i: Json) => i.id);
}

describe('listing offerings', () => {
  it('lists the published offerings by start time to anyone, and leaves the cancelled one out', async () => {
    expect(await offeringIds()).toEqual([o.b1, o.a1, o.a2, o.b2, o.c2]);
    const page = await anyone.get(`/offerings?topic=${encodeURIComponent(topic)}`);
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
    const draftSeminar = await backOffice.post('/seminars', { title: 'Entwurf', topic, feeCents: 0, status: 'draft' });
    const draft = await backOffice.post(`/seminars/${draftSeminar.body.id}/offerings`, {
      startsAt: '2031-07-01T09:00:00+02:00',
      endsAt: '2031-07-01T16:00:00+02:00',
      format: 'online',
      capacity: 5,
      registrationDeadline: '2031-06-20',
      status: 'draft',
    });
    expect(draft.status).toBe(201);
    const drafts = `/offerings?topic=${encodeURIComponent(topic)}&status=draft`;
    expect((await backOffice.get(drafts)).body.items.map((i: Json) => i.id)).toEqual([draft.body.id]);
    const draftSeminars = `/seminars?topic=${encodeURIComponent(topic)}&status=draft`;
    expect((await backOffice.get(draftSeminars)).body.items.map((i: Json) => i.id)).toEqual([draftSeminar.body.id]);
    for (const client of [anyone, partner]) {
      for (const path of [drafts, draftSeminars]) {
        const refused = await client.get(path);
        expectProblem(refused, 403, 'forbidden');
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
      const query: string = `/offerings?topic=${encodeURIComponent(topic)}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await anyone.get(query);
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
      const response = await anyone.get(`/offerings?${query}`);
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

    const first = await anyone.get(`/seminars?topic=${encodeURIComponent(topic)}&limit=2`);
    expect(first.body.items.map((s: Json) => s.id)).toEqual([ids.presse, ids.wahl]);
    const second = await anyone.get(
      `/seminars?topic=${encodeURIComponent(topic)}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids.haushalt })], nextCursor: null });
  });

  it('shows a seminar with its offerings by start time, the cancelled one marked cancelled', async () => {
    const detail = await anyone.get(`/seminars/${ids.haushalt}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id: ids.haushalt, title: titles.haushalt, topic });
    expect(detail.body.offerings.map((x: Json) => [x.id, x.status])).toEqual([
      [o.c1, 'cancelled'],
      [o.c2, 'published'],
    ]);
    expect(detail.body.offerings[1]).toMatchObject({ startsAt: '2031-06-03T07:00:00.000Z', location: 'Tagungshaus, Lüneburg' });
  });
});

describe('free seats, as registration reports them', () => {
  it('changes seatsAvailable and the freeSeats filter once registration reports the seats', async () => {
    expect((await anyone.get(`/offerings/${o.b2}`)).body.seatsAvailable).toBe(1);
    expect(await offeringIds('&freeSeats=true')).toContain(o.b2);

    await reportSeats(o.b2, { capacity: 1, confirmed: 1, version: 1 });

    await expect.poll(async () => (await anyone.get(`/offerings/${o.b2}`)).body.seatsAvailable, { timeout: 30_000 }).toBe(0);
    expect(await offeringIds('&freeSeats=true')).toEqual([o.b1, o.a1, o.a2, o.c2]);
    expect(await offeringIds('&freeSeats=false')).toEqual([o.b1, o.a1, o.a2, o.b2, o.c2]);
    expect((await anyone.get(`/seminars/${ids.wahl}`)).body.offerings[1]).toMatchObject({ id: o.b2, seatsAvailable: 0 });
  });
});
