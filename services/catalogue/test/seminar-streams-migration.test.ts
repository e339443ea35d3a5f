import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, pgSql, readStream } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueService } from '../src/app/catalogue-service.ts';
import { createDb, type Db } from '../src/db.ts';
import { evolve, initialState } from '../src/domain/catalogue.ts';
import type { StoredCatalogueEvent } from '../src/domain/legacy-events.ts';
import type { SeminarState } from '../src/domain/seminar.ts';

// Migration 20261210000100_seminar_streams moves the events of every offering stream into its seminar's stream.
// A database migrated up to the migration before it gets events in the old layout, then the rest of the
// migrations; the seminars must fold to what they folded to before, and take new commands.

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const SEMINAR_STREAMS = '20261210000100_seminar_streams';

const ids = { s1: randomUUID(), s2: randomUUID(), o1: randomUUID(), o2: randomUUID(), o3: randomUUID(), o4: randomUUID() };
const terms = { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true };
const fields = {
  summary: '',
  description: '',
  audience: '',
  lecturers: [],
  feeCents: 19000,
  vat: 'exempt-4-22a',
  cancellationTerms: terms,
};
const at = (minute: number) => `2026-11-26T10:${String(minute).padStart(2, '0')}:00.000Z`;
const day = (date: string) => ({ startsAt: `${date}T08:00:00.000Z`, endsAt: `${date}T15:00:00.000Z` });

/**
 * The old layout, in the order it was recorded: seminar events in `seminar-<id>`, each date's in
 * `offering-<id>`, interleaved. s1's first events have the first shapes (no status, the place as one line).
 */
const history: [stream: string, type: string, data: Record<string, unknown>][] = [
  [`seminar-${ids.s1}`, 'SeminarCreated', { seminarId: ids.s1, title: 'Haushaltsrecht', topic: 'Finanzen', ...fields, createdAt: at(0) }],
  [
    `offering-${ids.o1}`,
    'OfferingScheduled',
    {
      ...{ offeringId: ids.o1, seminarId: ids.s1, startsAt: '2027-03-02T09:00:00+01:00', endsAt: '2027-03-02T16:00:00+01:00' },
      ...{ venue: 'Oldenburg, Seminarzentrum', capacity: 12, registrationDeadline: '2027-02-16', status: 'published', scheduledAt: at(1) },
    },
  ],
  [
    `seminar-${ids.s2}`,
    'SeminarCreated',
    { seminarId: ids.s2, title: 'Wahlrecht', topic: 'Wahlen', ...fields, status: 'draft', createdAt: at(2) },
  ],
  [
    `offering-${ids.o2}`,
    'OfferingScheduled',
    {
      ...{ offeringId: ids.o2, seminarId: ids.s1, startsAt: '2027-04-06T08:00:00.000Z', endsAt: '2027-04-06T15:00:00.000Z' },
      ...{ format: 'online', capacity: 30, registrationDeadline: '2027-03-30', status: 'draft', sessions: [day('2027-04-06')] },
      scheduledAt: at(3),
    },
  ],
  [`seminar-${ids.s1}`, 'SeminarUpdated', { seminarId: ids.s1, changes: { title: 'Haushaltsrecht kompakt' }, updatedAt: at(4) }],
  [`offering-${ids.o1}`, 'OfferingCapacityChanged', { offeringId: ids.o1, capacity: 14, previousCapacity: 12, changedAt: at(5) }],
  [
    `offering-${ids.o3}`,
    'OfferingScheduled',
    {
      ...{ offeringId: ids.o3, seminarId: ids.s1, startsAt: '2027-05-04T08:00:00.000Z', endsAt: '2027-05-04T15:00:00.000Z' },
      ...{ format: 'onsite', venue: { name: 'Rathaus', city: 'Lüneburg' }, capacity: 20, registrationDeadline: '2027-04-20' },
      ...{ status: 'published', sessions: [day('2027-05-04')], scheduledAt: at(6) },
    },
  ],
  [
    `offering-${ids.o2}`,
    'OfferingPublished',
    {
      ...{ offeringId: ids.o2, seminarId: ids.s1, startsAt: '2027-04-06T08:00:00.000Z', endsAt: '2027-04-06T15:00:00.000Z' },
      ...{ format: 'online', venue: null, capacity: 30, registrationDeadline: '2027-03-30', sessions: [day('2027-04-06')] },
      ...{ status: 'published', publishedAt: at(7) },
    },
  ],
  [`offering-${ids.o3}`, 'OfferingCancelled', { offeringId: ids.o3, seminarId: ids.s1, reason: 'Raum fehlt', cancelledAt: at(8) }],
  [
    `offering-${ids.o4}`,
    'OfferingScheduled',
    {
      ...{ offeringId: ids.o4, seminarId: ids.s2, startsAt: '2027-06-01T08:00:00.000Z', endsAt: '2027-06-01T15:00:00.000Z' },
      ...{ format: 'onsite', venue: { name: 'Kreishaus', city: 'Stade' }, capacity: 8, registrationDeadline: '2027-05-25' },
      ...{ status: 'draft', sessions: [day('2027-06-01')], scheduledAt: at(9) },
    },
  ],
];

/** The tables as the catalogue wrote them next to those events. */
const rows = {
  seminars: [
    { id: ids.s1, title: 'Haushaltsrecht kompakt', topic: 'Finanzen', status: 'published', createdAt: at(0) },
    { id: ids.s2, title: 'Wahlrecht', topic: 'Wahlen', status: 'draft', createdAt: at(2) },
  ],
  offerings: [
    {
      id: ids.o1,
      seminarId: ids.s1,
      date: '2027-03-02',
      format: 'onsite',
      venue: 'Oldenburg, Seminarzentrum',
      name: 'Seminarzentrum',
      city: 'Oldenburg',
      capacity: 14,
      status: 'published',
    },
    {
      id: ids.o2,
      seminarId: ids.s1,
      date: '2027-04-06',
      format: 'online',
      venue: 'Online',
      name: null,
      city: null,
      capacity: 30,
      status: 'published',
    },
    {
      id: ids.o3,
      seminarId: ids.s1,
      date: '2027-05-04',
      format: 'onsite',
      venue: 'Rathaus, Lüneburg',
      name: 'Rathaus',
      city: 'Lüneburg',
      capacity: 20,
      status: 'cancelled',
    },
    {
      id: ids.o4,
      seminarId: ids.s2,
      date: '2027-06-01',
      format: 'onsite',
      venue: 'Kreishaus, Stade',
      name: 'Kreishaus',
      city: 'Stade',
      capacity: 8,
      status: 'draft',
    },
  ],
};

let url: string;
let client: pg.Client;
let db: Db;
/** What each seminar folded to in the old layout: its events and its dates' events, in the order recorded. */
const before = new Map<string, SeminarState>();

async function oldLayout() {
  const versions = new Map<string, number>();
  for (const [stream, type, data] of history) {
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    await client.query('INSERT INTO events (event_id, stream_id, stream_version, type, data) VALUES ($1, $2, $3, $4, $5)', [
      randomUUID(),
      stream,
      version,
      type,
      data,
    ]);
  }
  for (const s of rows.seminars) {
    await client.query(
      `INSERT INTO seminars (id, title, topic, summary, description, audience, lecturers, fee_cents, vat, cancellation_terms, status, created_at)
       VALUES ($1, $2, $3, '', '', '', '{}', 19000, 'exempt-4-22a', $4, $5, $6)`,
      [s.id, s.title, s.topic, terms, s.status, s.createdAt],
    );
  }
  for (const o of rows.offerings) {
    const { startsAt, endsAt } = day(o.date);
    await client.query(
      `INSERT INTO offerings (id, seminar_id, starts_at, ends_at, format, venue, venue_name, venue_city, capacity, registration_deadline,
                              status, sessions, seats_available, availability_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::date - 14, $11, $12, 3, 7)`,
      [
        o.id,
        o.seminarId,
        startsAt,
        endsAt,
        o.format,
        o.venue,
        o.name,
        o.city,
        o.capacity,
        o.date,
        o.status,
        JSON.stringify([{ startsAt, endsAt }]),
      ],
    );
  }
}

/** A seminar folded from the events of these streams, in the order they were recorded. */
async function foldedFrom(streams: string[]): Promise<SeminarState> {
  const { rows: events } = await client.query<{ type: string; data: unknown }>(
    'SELECT type, data FROM events WHERE stream_id = ANY($1) ORDER BY global_position',
    [streams],
  );
  return events.map((e) => e as StoredCatalogueEvent).reduce(evolve, initialState());
}

async function seminarStream(seminarId: string) {
  return readStream(pgSql(client), `seminar-${seminarId}`);
}

beforeAll(async () => {
  url = await createTestDatabase('seminar_streams');
  const earlier = await mkdtemp(join(tmpdir(), 'catalogue-migrations-'));
  for (const entry of await readdir(MIGRATIONS, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name < SEMINAR_STREAMS)
      await cp(join(MIGRATIONS, entry.name), join(earlier, entry.name), { recursive: true });
  }
  await migrate(url, earlier);
  await rm(earlier, { recursive: true });
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await oldLayout();
  before.set(ids.s1, await foldedFrom([`seminar-${ids.s1}`, `offering-${ids.o1}`, `offering-${ids.o2}`, `offering-${ids.o3}`]));
  before.set(ids.s2, await foldedFrom([`seminar-${ids.s2}`, `offering-${ids.o4}`]));
  expect((await migrate(url, MIGRATIONS)).applied).toEqual([SEMINAR_STREAMS]);
  db = createDb(url);
});

afterAll(async () => {
  await db?.$disconnect();
  await client?.end();
});

describe('moving the offering streams into their seminars’ streams', () => {
  it('leaves no offering stream, and numbers each seminar stream 1, 2, 3, … in the order the events were recorded', async () => {
    const { rows: streams } = await client.query<{ stream_id: string; versions: number[]; types: string[] }>(
      `SELECT stream_id, array_agg(stream_version ORDER BY global_position) AS versions, array_agg(type ORDER BY global_position) AS types
         FROM events GROUP BY stream_id ORDER BY stream_id`,
    );
    const byStream = Object.fromEntries(streams.map((s) => [s.stream_id, s]));
    expect(Object.keys(byStream).sort()).toEqual([`seminar-${ids.s1}`, `seminar-${ids.s2}`].sort());
    expect(byStream[`seminar-${ids.s1}`]).toMatchObject({
      versions: [1, 2, 3, 4, 5, 6, 7, 8],
      types: [
        'SeminarCreated',
        'OfferingScheduled',
        'OfferingScheduled',
        'SeminarUpdated',
        'OfferingCapacityChanged',
        'OfferingScheduled',
        'OfferingPublished',
        'OfferingCancelled',
      ],
    });
    expect(byStream[`seminar-${ids.s2}`]).toMatchObject({ versions: [1, 2], types: ['SeminarCreated', 'OfferingScheduled'] });
  });

  it('folds each seminar to the state its old streams folded to, which is what its rows say', async () => {
    for (const seminarId of [ids.s1, ids.s2]) {
      const after = (await seminarStream(seminarId))
        .map((e) => ({ type: e.type, data: e.data }) as StoredCatalogueEvent)
        .reduce(evolve, initialState());
      expect(after).toEqual(before.get(seminarId));
      const seminar = rows.seminars.find((s) => s.id === seminarId);
      expect(after).toMatchObject({ title: seminar?.title, status: seminar?.status });
      for (const o of rows.offerings.filter((row) => row.seminarId === seminarId)) {
        expect(after?.offerings[o.id], o.id).toMatchObject({
          capacity: o.capacity,
          status: o.status,
          format: o.format,
          venue: o.name ? { name: o.name, city: o.city } : null,
          sessions: [day(o.date)],
        });
      }
    }
  });

  it('takes new commands on the moved stream: cancelling the seminar cancels its open dates, and keeps the free seats', async () => {
    const catalogue = catalogueService(db, () => new Date('2026-12-01T10:00:00Z'));
    const cancelled = await catalogue.cancelSeminar(ids.s1, 'Wird nicht mehr angeboten', 'migration-test');
    expect(cancelled.status).toBe('cancelled');
    const stream = await seminarStream(ids.s1);
    expect(stream.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(stream.slice(8).map((e) => [e.type, (e.data as { offeringId?: string }).offeringId])).toEqual([
      ['SeminarCancelled', undefined],
      ...[ids.o1, ids.o2].sort().map((id) => ['OfferingCancelled', id]),
    ]);
    const { rows: offerings } = await client.query('SELECT id, status, seats_available FROM offerings WHERE seminar_id = $1 ORDER BY id', [
      ids.s1,
    ]);
    expect(offerings).toEqual([ids.o1, ids.o2, ids.o3].sort().map((id) => ({ id, status: 'cancelled', seats_available: 3 })));
  });
});

describe('the statuses, formats and VAT treatments the tables take', () => {
  const refused = (sql: string, values: unknown[]) =>
    client.query(sql, values).then(
      () => 'accepted',
      (error: { code?: string }) => error.code,
    );

  it('refuses any other status, format or VAT treatment (23514: check violation)', async () => {
    expect(await refused('UPDATE seminars SET status = $2 WHERE id = $1', [ids.s2, 'archived'])).toBe('23514');
    expect(await refused('UPDATE seminars SET vat = $2 WHERE id = $1', [ids.s2, 'zero'])).toBe('23514');
    expect(await refused('UPDATE offerings SET status = $2 WHERE id = $1', [ids.o4, 'full'])).toBe('23514');
    expect(await refused('UPDATE offerings SET format = $2 WHERE id = $1', [ids.o4, 'hybrid'])).toBe('23514');
    expect(await refused('UPDATE offerings SET status = $2 WHERE id = $1', [ids.o4, 'published'])).toBe('accepted');
  });
});
