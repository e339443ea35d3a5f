import { eventually } from '@seminarwerk/testing';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { appendToStream, lockStream, pgSql, readStream, StreamVersionConflict, streamVersion } from '../src/index.ts';
import { defer, eventStoreDatabase, inTransaction, unique } from './helpers.ts';

/** A transaction on its own connection, so two of them can run concurrently. */
async function session(pool: pg.Pool) {
  const client = await pool.connect();
  defer(async () => client.release());
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await client.query('BEGIN');
  return { sql: pgSql(client), pid: rows[0]?.pid as number, commit: () => client.query('COMMIT') };
}

/** Resolves once backend `pid` waits for a lock (row, unique index or advisory), i.e. it is blocked. */
async function blockedOnLock(pool: pg.Pool, pid: number): Promise<void> {
  await eventually(async () => {
    const { rows } = await pool.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid]);
    expect(rows[0]?.wait_event_type).toBe('Lock');
  });
}

describe('event store', () => {
  it('appends at the expected version and reads the stream back in order', async () => {
    const { pool } = await eventStoreDatabase('es_append');
    const stream = unique('offering');
    const other = unique('offering');
    const metadata = { correlationId: 'c-1', actor: 'tester' };

    const first = await appendToStream(pgSql(pool), stream, 0, [
      { type: 'a', data: { n: 1 }, metadata },
      { type: 'b', data: { n: 2 } },
    ]);
    await appendToStream(pgSql(pool), other, 0, [{ type: 'x', data: {} }]);
    const second = await appendToStream(pgSql(pool), stream, 2, [{ type: 'c', data: { n: 3 } }]);

    expect(first.map((e) => e.version)).toEqual([1, 2]);
    expect(second.map((e) => e.version)).toEqual([3]);
    const events = await readStream(pgSql(pool), stream);
    expect(events.map((e) => [e.version, e.type, e.data])).toEqual([
      [1, 'a', { n: 1 }],
      [2, 'b', { n: 2 }],
      [3, 'c', { n: 3 }],
    ]);
    expect(events[0]?.metadata).toEqual(metadata);
    expect(events.map((e) => e.id)).toEqual([...first, ...second].map((e) => e.id));
    expect((await readStream(pgSql(pool), stream, 2)).map((e) => e.type)).toEqual(['c']);
    expect(await streamVersion(pgSql(pool), stream)).toBe(3);
  });

  it('rejects an append at a wrong expected version and writes nothing', async () => {
    const { pool } = await eventStoreDatabase('es_conflict');
    const stream = unique('offering');
    await appendToStream(pgSql(pool), stream, 0, [{ type: 'a', data: {} }]);

    for (const expected of [0, 2]) {
      const error = await appendToStream(pgSql(pool), stream, expected, [{ type: 'b', data: {} }]).catch((e) => e);
      expect(error).toBeInstanceOf(StreamVersionConflict);
      expect(error).toMatchObject({ streamId: stream, expectedVersion: expected, actualVersion: 1 });
    }
    expect((await readStream(pgSql(pool), stream)).map((e) => e.type)).toEqual(['a']);
  });

  it('lets exactly one of two concurrent appends at the same version win', async () => {
    const { pool } = await eventStoreDatabase('es_race');
    const stream = unique('offering');
    await appendToStream(pgSql(pool), stream, 0, [{ type: 'created', data: {} }]);
    const a = await session(pool);
    const b = await session(pool);

    await appendToStream(a.sql, stream, 1, [{ type: 'from-a', data: {} }]);
    // B read version 1 too (A has not committed) and now waits on the unique index for A.
    const appendB = appendToStream(b.sql, stream, 1, [{ type: 'from-b', data: {} }]).catch((e) => e);
    await blockedOnLock(pool, b.pid);
    await a.commit();

    const error = await appendB;
    expect(error).toBeInstanceOf(StreamVersionConflict);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    await b.commit();
    expect((await readStream(pgSql(pool), stream)).map((e) => e.type)).toEqual(['created', 'from-a']);
  });

  it('serialises writers of one stream with lockStream', async () => {
    const { pool } = await eventStoreDatabase('es_lock');
    const stream = unique('offering');
    const a = await session(pool);
    const b = await session(pool);

    await lockStream(a.sql, stream);
    let bLocked = false;
    const lockB = lockStream(b.sql, stream).then(() => (bLocked = true));
    await blockedOnLock(pool, b.pid);
    expect(bLocked).toBe(false);
    // Another stream is not blocked by A's lock.
    await inTransaction(pool, (sql) => lockStream(sql, unique('other')));

    await appendToStream(a.sql, stream, await streamVersion(a.sql, stream), [{ type: 'from-a', data: {} }]);
    await a.commit();
    await lockB;
    // B decides on fresh state after the lock: it sees A's event, so no conflict.
    await appendToStream(b.sql, stream, await streamVersion(b.sql, stream), [{ type: 'from-b', data: {} }]);
    await b.commit();
    expect((await readStream(pgSql(pool), stream)).map((e) => [e.version, e.type])).toEqual([
      [1, 'from-a'],
      [2, 'from-b'],
    ]);
  });

  it('lets a rush of locked writers all succeed without conflicts', async () => {
    const { pool } = await eventStoreDatabase('es_rush');
    const stream = unique('offering');
    const writers = Array.from({ length: 10 }, (_, i) =>
      inTransaction(pool, async (sql) => {
        await lockStream(sql, stream);
        await appendToStream(sql, stream, await streamVersion(sql, stream), [{ type: 'w', data: { i } }]);
      }),
    );
    const results = await Promise.allSettled(writers);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const events = await readStream(pgSql(pool), stream);
    expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(events.map((e) => (e.data as { i: number }).i)).size).toBe(10);
  });
});
