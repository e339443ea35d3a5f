import { randomUUID } from 'node:crypto';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventFeed, eventFeed, type PublicEvent } from '../src/app/event-feed.ts';
import { createDb, type Db, type Tx } from '../src/db.ts';
import { migrations } from './support.ts';

let db: Db;
let feed: EventFeed;

beforeAll(async () => {
  const url = await createTestDatabase('notification_feed');
  await migrate(url, migrations);
  db = createDb(url);
  feed = eventFeed(db);
});

afterAll(async () => {
  await db?.$disconnect();
});

const municipality = () => `feed-${randomUUID().slice(0, 8)}`;

function event(municipalityId: string, name: string): PublicEvent {
  const id = randomUUID();
  return {
    id,
    type: 'registration.confirmed',
    occurredAt: new Date().toISOString(),
    municipalityId,
    orderingKey: randomUUID(),
    payload: { id, type: 'registration.confirmed', name },
  };
}

/** A promise and the function that resolves it: to step two transactions through an interleaving. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Reads the feed from `after` until it has `count` items (a committed row appears once older transactions end). */
async function readUntil(municipalityId: string, count: number, after?: string): Promise<{ names: string[]; cursor: string | null }> {
  const names: string[] = [];
  let cursor = after ?? null;
  await expect
    .poll(
      async () => {
        const page = await feed.page({ municipalityId, limit: 100, ...(cursor ? { after: cursor } : {}) });
        names.push(...page.items.map((item) => (JSON.parse(item) as { name: string }).name));
        cursor = page.nextCursor;
        return names.length;
      },
      { timeout: 20_000, interval: 50 },
    )
    .toBeGreaterThanOrEqual(count);
  return { names, cursor };
}

const namesOf = async (municipalityId: string, after?: string) =>
  (await feed.page({ municipalityId, limit: 100, ...(after ? { after } : {}) })).items.map((i) => (JSON.parse(i) as { name: string }).name);

describe('the event feed under transactions that commit out of order', () => {
  it('serves nothing of a later transaction that committed while an earlier one is still open, and then both once', async () => {
    const m = municipality();
    const firstWritten = gate();
    const releaseFirst = gate();
    const first = db.$transaction(async (tx: Tx) => {
      await feed.record(tx, [event(m, 'first')]);
      firstWritten.open();
      await releaseFirst.opened;
    });
    await firstWritten.opened;
    await db.$transaction((tx: Tx) => feed.record(tx, [event(m, 'second')]));

    // "second" is committed and has the higher position, but "first" may still commit before it in the feed's order.
    expect(await namesOf(m)).toEqual([]);
    releaseFirst.open();
    await first;
    const { names } = await readUntil(m, 2);
    expect(names).toEqual(['first', 'second']);
  });

  it('never skips a row with a lower position whose transaction commits after a cursor passed a higher one', async () => {
    const m = municipality();
    // "older" takes its transaction id first, "younger" writes first (lower position), "older" writes and commits.
    const olderStarted = gate();
    const youngerWritten = gate();
    const releaseYounger = gate();
    const older = db.$transaction(async (tx: Tx) => {
      await tx.$queryRaw`SELECT pg_current_xact_id()::text`;
      olderStarted.open();
      await youngerWritten.opened;
      await feed.record(tx, [event(m, 'older, higher position')]);
    });
    await olderStarted.opened;
    const younger = db.$transaction(async (tx: Tx) => {
      await feed.record(tx, [event(m, 'younger, lower position')]);
      youngerWritten.open();
      await releaseYounger.opened;
    });
    await youngerWritten.opened;
    await older;

    const firstRead = await readUntil(m, 1);
    expect(firstRead.names).toEqual(['older, higher position']);

    releaseYounger.open();
    await younger;
    // The trap: a feed paging by position alone would now look only above "older" and never serve "younger".
    const { rows } = await positions(m);
    expect(rows.map((r) => r.name)).toEqual(['younger, lower position', 'older, higher position']);
    const secondRead = await readUntil(m, 1, firstRead.cursor ?? undefined);
    expect(secondRead.names).toEqual(['younger, lower position']);
    expect(await namesOf(m, secondRead.cursor ?? undefined)).toEqual([]);
  });

  it('forgets events older than the retention, with their deliveries', async () => {
    const m = municipality();
    await db.$transaction((tx: Tx) => feed.record(tx, [event(m, 'old'), event(m, 'recent')]));
    await db.$executeRaw`UPDATE public_events SET recorded_at = now() - interval '91 days'
      WHERE municipality_id = ${m} AND payload::jsonb->>'name' = 'old'`;
    await feed.purge(new Date(Date.now() - 90 * 86_400_000));
    expect((await readUntil(m, 1)).names).toEqual(['recent']);
  });

  it('answers a cursor it did not hand out with 400 naming `after`', async () => {
    await expect(feed.page({ after: 'bm90LWEtY3Vyc29y', limit: 10 })).rejects.toMatchObject({
      status: 400,
      code: 'validation-failed',
      extensions: { errors: [{ field: 'after', detail: 'is not a cursor of this feed' }] },
    });
  });
});

function positions(m: string) {
  return db.$queryRaw<{ name: string }[]>`SELECT payload::jsonb->>'name' AS name FROM public_events
    WHERE municipality_id = ${m} ORDER BY position`.then((rows) => ({ rows }));
}
