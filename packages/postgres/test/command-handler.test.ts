import { type Decider, isRejection, type Rejection, reject } from '@seminarwerk/decider';
import { eventually } from '@seminarwerk/testing';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type CommandHandlerSpec, commandHandler, pgSql, readStream, streamQueue } from '../src/index.ts';
import { defer, eventStoreDatabase, unique } from './helpers.ts';

/**
 * A guest list: each guest gets the next seat number, so an event decided on stale state would carry
 * the wrong seat. A guest already listed is refused.
 */
type Seated = { type: 'Seated'; data: { guest: string; seat: number } };
type Seat = { type: 'Seat'; guest: string };
type GuestList = string[];

function guestList() {
  const decided: string[] = [];
  const decider: Decider<Seat, Seated, GuestList> = {
    initialState: () => [],
    evolve: (guests, event) => [...guests, event.data.guest],
    decide: (command, guests) => {
      decided.push(command.guest);
      if (guests.includes(command.guest)) return reject('already-seated', `${command.guest} has a seat`);
      return [{ type: 'Seated', data: { guest: command.guest, seat: guests.length + 1 } }];
    },
  };
  return { decider, decided };
}

/** Transactions on pool connections; `pids` names the backend of each one the handler opened. */
function transactions(pool: pg.Pool) {
  const pids: number[] = [];
  async function transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      pids.push(rows[0]?.pid as number);
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return { transaction, pids };
}

/** A read model of seats, and public messages for the outbox. */
async function seatsDatabase(label: string) {
  const { pool } = await eventStoreDatabase(label);
  await pool.query('CREATE TABLE seats (guest text PRIMARY KEY, seat int NOT NULL)');
  return pool;
}

function handlerSpec(pool: pg.Pool, decider: Decider<Seat, Seated, GuestList>, concurrency: 'lock' | 'optimistic') {
  const { transaction, pids } = transactions(pool);
  const spec: CommandHandlerSpec<pg.PoolClient, Seat, Seated, GuestList, Rejection> = {
    decider,
    transaction,
    sql: pgSql,
    concurrency,
    project: async (tx, recorded) => {
      for (const e of recorded) await tx.query('INSERT INTO seats (guest, seat) VALUES ($1, $2)', [e.data.guest, e.data.seat]);
    },
    toMessages: (recorded) =>
      recorded.map((e) => ({
        topic: 'test.seats',
        key: e.streamId,
        event: { specversion: '1.0', id: e.id, source: 'test', type: 'test.seated.v1', time: e.recordedAt.toISOString(), data: e.data },
      })),
  };
  return { spec, pids };
}

async function tableCount(pool: pg.Pool, table: 'events' | 'outbox' | 'seats'): Promise<number> {
  const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

/** Resolves once backend `pid` waits for a lock, i.e. it is blocked by another transaction. */
async function blockedOnLock(pool: pg.Pool, pid: () => number | undefined): Promise<void> {
  await eventually(async () => {
    const { rows } = await pool.query('SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1', [pid()]);
    expect(rows[0]?.wait_event_type).toBe('Lock');
  });
}

describe('the command handler', () => {
  it('decides again on fresh state when a concurrent append took its expected version, and both commands take effect in order', async () => {
    const pool = await seatsDatabase('ch_conflict');
    const { decider, decided } = guestList();
    const { spec, pids } = handlerSpec(pool, decider, 'optimistic');
    const handler = commandHandler(spec);
    const stream = unique('table');

    // Anna's transaction appends at version 1 and stays open...
    const anna = await pool.connect();
    defer(async () => anna.release());
    await anna.query('BEGIN');
    await handler.decideIn(anna, stream, [{ command: { type: 'Seat', guest: 'anna' }, metadata: { actor: 'a' } }]);
    // ...while Ben's reads the stream at version 0 and tries to append at version 1 too: it waits for Anna's.
    const ben = handler.handle(stream, { type: 'Seat', guest: 'ben' }, { actor: 'b' });
    await blockedOnLock(pool, () => pids[0]);
    await anna.query('COMMIT');

    const outcome = await ben;
    expect(outcome.decision).toEqual([{ type: 'Seated', data: { guest: 'ben', seat: 2 } }]);
    expect(outcome.version).toBe(2);
    expect(decided).toEqual(['anna', 'ben', 'ben']); // Ben's command was decided twice: on stale, then fresh state
    const events = await readStream(pgSql(pool), stream);
    expect(events.map((e) => [e.version, e.data, e.metadata.actor])).toEqual([
      [1, { guest: 'anna', seat: 1 }, 'a'],
      [2, { guest: 'ben', seat: 2 }, 'b'],
    ]);
    expect((await pool.query('SELECT guest, seat FROM seats ORDER BY seat')).rows).toEqual([
      { guest: 'anna', seat: 1 },
      { guest: 'ben', seat: 2 },
    ]);
    expect(await tableCount(pool, 'outbox')).toBe(2);
  });

  it('writes nothing for a rejected command: no event, no projection, no message', async () => {
    const pool = await seatsDatabase('ch_rejected');
    const { decider } = guestList();
    const handler = commandHandler(handlerSpec(pool, decider, 'lock').spec);
    const stream = unique('table');
    await handler.handle(stream, { type: 'Seat', guest: 'anna' }, { actor: 'a' });
    const before = await Promise.all([tableCount(pool, 'events'), tableCount(pool, 'outbox'), tableCount(pool, 'seats')]);

    const outcome = await handler.handle(stream, { type: 'Seat', guest: 'anna' }, { actor: 'a' });

    expect(outcome.decision).toMatchObject({ rejected: true, code: 'already-seated' });
    expect(outcome.recorded).toEqual([]);
    expect(outcome.version).toBe(1);
    expect(await Promise.all([tableCount(pool, 'events'), tableCount(pool, 'outbox'), tableCount(pool, 'seats')])).toEqual(before);
  });

  it('queues writers of one stream on its lock: every concurrent command is decided once, on the state before it', async () => {
    const pool = await seatsDatabase('ch_lock');
    const { decider, decided } = guestList();
    const handler = commandHandler(handlerSpec(pool, decider, 'lock').spec);
    const stream = unique('table');
    const guests = Array.from({ length: 8 }, (_, i) => `guest-${i}`);

    const outcomes = await Promise.all(guests.map((guest) => handler.handle(stream, { type: 'Seat', guest }, { actor: guest })));

    expect(decided).toHaveLength(guests.length);
    const seats = outcomes.map((o) => (isRejection(o.decision) ? 0 : (o.decision[0]?.data.seat ?? 0)));
    expect([...seats].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await readStream(pgSql(pool), stream)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('uses a cached state only at the version it was folded at, and catches up with appends from elsewhere', async () => {
    const pool = await seatsDatabase('ch_cache');
    const cached = commandHandler({ ...handlerSpec(pool, guestList().decider, 'lock').spec, cacheStates: true });
    const elsewhere = commandHandler(handlerSpec(pool, guestList().decider, 'lock').spec); // another process
    const stream = unique('table');

    await cached.handle(stream, { type: 'Seat', guest: 'anna' }, { actor: 'a' });
    await elsewhere.handle(stream, { type: 'Seat', guest: 'ben' }, { actor: 'b' });
    const again = await cached.handle(stream, { type: 'Seat', guest: 'ben' }, { actor: 'b' });
    const carla = await cached.handle(stream, { type: 'Seat', guest: 'carla' }, { actor: 'c' });

    expect(again.decision).toMatchObject({ code: 'already-seated' });
    expect(carla.decision).toEqual([{ type: 'Seated', data: { guest: 'carla', seat: 3 } }]);
    expect(carla.state).toEqual(['anna', 'ben', 'carla']);
  });

  it('decides a dry run like the real thing and writes nothing', async () => {
    const pool = await seatsDatabase('ch_dry');
    const handler = commandHandler(handlerSpec(pool, guestList().decider, 'lock').spec);
    const stream = unique('table');
    const client = await pool.connect();
    defer(async () => client.release());

    const outcome = await handler.decideIn(
      client,
      stream,
      ['anna', 'anna', 'ben'].map((guest) => ({ command: { type: 'Seat', guest } as Seat, metadata: { actor: 'x' } })),
      { dryRun: true },
    );

    expect(outcome.results.map((r) => (isRejection(r.decision) ? r.decision.code : r.decision[0]?.data.seat))).toEqual([
      1,
      'already-seated',
      2,
    ]);
    expect(await tableCount(pool, 'events')).toBe(0);
  });
});

describe('the stream queue', () => {
  it('answers every queued command with its own decision and events, batching those that piled up', async () => {
    const pool = await seatsDatabase('ch_queue');
    const { spec, pids } = handlerSpec(pool, guestList().decider, 'lock');
    const queue = streamQueue(commandHandler(spec), { maxBatch: 10 });
    const stream = unique('table');
    const guests = Array.from({ length: 25 }, (_, i) => `guest-${i % 20}`); // the last five come twice

    const outcomes = await Promise.all(guests.map((guest) => queue.submit(stream, { type: 'Seat', guest }, { actor: guest })));

    expect(outcomes.slice(0, 20).map((o) => o.recorded.map((e) => e.data.seat))).toEqual(guests.slice(0, 20).map((_, i) => [i + 1]));
    expect(outcomes.slice(20).map((o) => (isRejection(o.decision) ? o.decision.code : 'seated'))).toEqual(Array(5).fill('already-seated'));
    expect(pids.length).toBeLessThan(guests.length); // fewer transactions than commands: they were batched
    expect(await tableCount(pool, 'events')).toBe(20);
  });
});
