/**
 * The uncached catalogue list: many distinct query strings (search, topic, city, format, days, free seats, page sizes)
 * and every page of each (following `nextCursor`), asked in turn, so that neither the gateway's 250 ms micro-cache nor
 * an ETag answers; and the CPU of the catalogue database's backends, which do the query's share of the work.
 */

import { readFileSync } from 'node:fs';
import type { ApiClient } from '@seminarwerk/testing';
import pg from 'pg';
import { type CpuClock, cpuSecondsOf } from './measure.ts';

const DAY_MS = 86_400_000;

const venues = [
  { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' },
  { name: 'Bildungshaus', street: 'Große Straße 44', postalCode: '49074', city: 'Osnabrück' },
  { name: 'Tagungshaus', city: 'Lüneburg' },
  { name: 'Seminarzentrum', street: 'Bohlweg 30', city: 'Braunschweig' },
];

/**
 * `perSeminar` more published dates for each seminar, spread over the year after the first ones: on site at one of
 * four venues (with and without street and postal code), every third online, every other one two days long (two
 * sessions), so the pages carry every shape an offering has.
 */
export async function scheduleMoreDates(backOffice: ApiClient, seminarIds: readonly string[], perSeminar: number): Promise<number> {
  let scheduled = 0;
  for (const [s, seminarId] of seminarIds.entries()) {
    for (let j = 0; j < perSeminar; j += 1) {
      const n = s * perSeminar + j;
      const start = new Date(Date.now() + (120 + n * 5) * DAY_MS);
      start.setUTCHours(8, 0, 0, 0);
      const twoDays = n % 2 === 1;
      const end = new Date(start.getTime() + (twoDays ? DAY_MS : 0) + 7 * 3_600_000);
      const sessions = twoDays
        ? [
            { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 7 * 3_600_000).toISOString() },
            { startsAt: new Date(start.getTime() + DAY_MS).toISOString(), endsAt: end.toISOString() },
          ]
        : undefined;
      const place =
        n % 3 === 0
          ? { format: 'online', onlineLink: `https://konferenz.example/raum/${n}` }
          : { format: 'onsite', venue: venues[n % venues.length] };
      const response = await backOffice.post(`/v1/seminars/${seminarId}/offerings`, {
        startsAt: start.toISOString(),
        endsAt: end.toISOString(),
        ...place,
        ...(sessions ? { sessions } : {}),
        capacity: 8 + (n % 5) * 4,
        registrationDeadline: new Date(start.getTime() - 7 * DAY_MS).toISOString().slice(0, 10),
      });
      if (response.status !== 201) throw new Error(`offering ${n}: ${response.status} ${JSON.stringify(response.body)}`);
      scheduled += 1;
    }
  }
  return scheduled;
}

interface ListedOffering {
  startsAt: string;
  format: string;
  venue: { city: string } | null;
}
interface Page {
  items: ListedOffering[];
  nextCursor: string | null;
}

export interface DistinctPages {
  /** Gateway paths (`/v1/offerings?…`), in a fixed shuffled order; the catalogue's are the same without `/v1`. */
  paths: string[];
  /** Over the rotation: the mean number of offerings and bytes per answer. */
  meanItems: number;
  meanBytes: number;
}

/** The day in Europe/Berlin, as the list's `from`/`to` filters take it. */
const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Words of the seeded titles, topics and summaries, as people search: whole, shortened, in other cases. */
const searches = ['Presse', 'presse', 'Kommun', 'Verwaltung', 'digital', 'Social Media', 'Wahl', 'KI', 'Marke', 'Bürger', 'Krise', 'Teil'];
const topics = ['Digitalisierung', 'Presse- und Öffentlichkeitsarbeit', 'Social Media', 'Wahlen', 'Personalmarketing'];

/**
 * Every page of many filter combinations over what the catalogue lists now, read from the catalogue directly (the
 * cursors are the same through the gateway): each combination's first page and each page after it.
 */
export async function distinctPages(catalogueUrl: string): Promise<DistinctPages> {
  const get = async (path: string): Promise<{ page: Page; bytes: number }> => {
    const response = await fetch(`${catalogueUrl}${path}`);
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
    return { page: JSON.parse(text) as Page, bytes: Buffer.byteLength(text) };
  };
  const all: ListedOffering[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const { page }: { page: Page } = await get(`/offerings?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    all.push(...page.items);
    cursor = page.nextCursor;
  }
  const starts = all.map((o) => Date.parse(o.startsAt));
  const firstDay = Math.min(...starts) - 3 * DAY_MS;
  const days = (everyNth: number) => {
    const out: string[] = [];
    for (let at = firstDay, i = 0; at <= Math.max(...starts); at += DAY_MS, i += 1) if (i % everyNth === 0) out.push(berlinDay.format(at));
    return out;
  };
  const cities = [...new Set(all.flatMap((o) => (o.venue ? [o.venue.city] : [])))];

  const combinations: Record<string, string>[] = [];
  for (const limit of ['20', '10', '5']) combinations.push({ limit }, { limit, freeSeats: 'true' }, { limit, format: 'onsite' });
  for (const from of days(2)) combinations.push({ from }, { from, format: 'onsite' });
  for (const from of days(5)) combinations.push({ from, format: 'online' }, { from, freeSeats: 'true' }, { from, limit: '10' });
  for (const to of days(3)) combinations.push({ to });
  for (const [i, from] of days(14).entries()) combinations.push({ from, to: days(14)[i + 4] ?? days(1).at(-1) ?? from });
  for (const city of cities) {
    combinations.push({ city }, { city: city.toLowerCase() }, { city, freeSeats: 'true' }, { city, limit: '5' });
    for (const from of days(30)) combinations.push({ city, from });
  }
  for (const q of searches) combinations.push({ q }, { q, format: 'onsite' }, { q, limit: '5' });
  for (const topic of topics) combinations.push({ topic }, { topic, limit: '5' }, { topic, format: 'online' });

  const paths = new Set<string>();
  let items = 0;
  let bytes = 0;
  for (const combination of combinations) {
    const query = new URLSearchParams(combination).toString();
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const path: string = `/offerings?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      if (paths.has(path)) break;
      const answer: { page: Page; bytes: number } = await get(path);
      paths.add(path);
      items += answer.page.items.length;
      bytes += answer.bytes;
      cursor = answer.page.nextCursor;
    }
  }
  return { paths: shuffled([...paths]).map((p) => `/v1${p}`), meanItems: items / paths.size, meanBytes: bytes / paths.size };
}

/** Fisher-Yates with a fixed seed: the same data gives the same order in every run. */
function shuffled<T>(values: T[]): T[] {
  let seed = 13;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = values.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j] as T, values[i] as T];
  }
  return values;
}

/**
 * The server processes (backends) connected to `database` now, and their CPU so far: where the query's own work is
 * done. Needs the server on this machine (its process ids in /proc); elsewhere the clock says NaN.
 */
export function databaseBackends(adminUrl: string, database: string): { clock: CpuClock; close(): Promise<void> } {
  const client = new pg.Client({ connectionString: adminUrl });
  const connected = client.connect();
  return {
    clock: async () => {
      await connected;
      const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
      return new Map(rows.map((r) => [r.pid, isBackendOf(r.pid, database) ? cpuSecondsOf(r.pid) : Number.NaN]));
    },
    close: async () => {
      await connected.catch(() => {});
      await client.end();
    },
  };
}

/** Whether this machine's process `pid` is a PostgreSQL backend of `database` (not another process of that id in a container). */
function isBackendOf(pid: number, database: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
  } catch {
    return false;
  }
}
