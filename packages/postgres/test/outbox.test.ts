import { type CloudEvent, eventContract } from '@seminarwerk/contracts';
import { startConsumer } from '@seminarwerk/messaging';
import { eventually } from '@seminarwerk/testing';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inbox, pgSql, type Sql } from '../src/index.ts';
import {
  appendAndEnqueue,
  collect,
  commitEvent,
  defer,
  EVENT_TYPE,
  eventStoreDatabase,
  freshTopic,
  idsOf,
  inTransaction,
  logger,
  startRelay,
  testKafka,
  unique,
  unpublishedCount,
} from './helpers.ts';

// Generous: other test files may crash and restart the shared broker meanwhile (kafkajs retries).
const arrival = { timeoutMs: 50_000 };

async function publishedAt(pool: pg.Pool, eventId: string): Promise<Date | null> {
  const { rows } = await pool.query('SELECT published_at FROM outbox WHERE event_id = $1', [eventId]);
  expect(rows).toHaveLength(1);
  return rows[0].published_at;
}

/** An open transaction on its own connection, committed or rolled back by the test. */
async function openTransaction(pool: pg.Pool) {
  const client = await pool.connect();
  defer(async () => client.release());
  await client.query('BEGIN');
  return { sql: pgSql(client), commit: () => client.query('COMMIT'), rollback: () => client.query('ROLLBACK') };
}

describe('outbox relay', () => {
  it('publishes an event committed with its stream append and marks the row published', async () => {
    const { url, pool } = await eventStoreDatabase('outbox_commit');
    const kafka = testKafka();
    const topic = await freshTopic(kafka);
    const received = await collect(kafka, topic);
    const { relay } = await startRelay(kafka, url);

    const event = await commitEvent(pool, topic, unique('order'), { n: 1 });

    await eventually(() => expect(idsOf(received)).toEqual([event.id]), arrival);
    expect(received[0]).toMatchObject({ key: event.subject, event: { type: EVENT_TYPE, data: { n: 1 } } });
    await relay.idle();
    expect(await publishedAt(pool, event.id)).toBeInstanceOf(Date);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM events WHERE event_id = $1', [event.id]);
    expect(rows[0].n).toBe(1);
  });

  it('publishes a backlog in commit order per key, batch after batch', async () => {
    const { url, pool } = await eventStoreDatabase('outbox_backlog');
    const kafka = testKafka();
    const topic = await freshTopic(kafka);
    const received = await collect(kafka, topic);
    const keys = [unique('a'), unique('b'), unique('c')];
    const committed: CloudEvent[] = [];
    // 25 rows: ids cross 9 -> 10 and 19 -> 20 inside a batch (ids sorted as text would be 1, 10, 11, ...).
    for (let n = 0; n < 25; n++) committed.push(await commitEvent(pool, topic, keys[n % keys.length] as string, { n }));
    const { relay } = await startRelay(kafka, url, { batchSize: 7 });

    await eventually(() => expect(received).toHaveLength(committed.length), arrival);
    for (const key of keys) {
      const sent = committed.filter((e) => e.subject === key).map((e) => e.id);
      expect(idsOf(received.filter((r) => r.key === key))).toEqual(sent);
    }
    await relay.idle();
    expect(await unpublishedCount(pool)).toBe(0);
  });

  it('publishes nothing from a rolled-back transaction', async () => {
    const { url, pool } = await eventStoreDatabase('outbox_rollback');
    const kafka = testKafka();
    const topic = await freshTopic(kafka, 1);
    const received = await collect(kafka, topic);
    await startRelay(kafka, url);
    const key = unique('order');

    const tx = await openTransaction(pool);
    await appendAndEnqueue(tx.sql, topic, key, { n: 1 });
    await tx.rollback();
    const later = await commitEvent(pool, topic, key, { n: 2 });

    // Same key, one partition, published in outbox order: the rolled-back event would come first.
    await eventually(() => expect(idsOf(received)).toContain(later.id), arrival);
    expect(idsOf(received)).toEqual([later.id]);
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(1);
  });

  it('publishes again after a crash between publishing and marking; the inbox applies the effect once', async () => {
    const { url, pool } = await eventStoreDatabase('outbox_crash');
    await pool.query('CREATE TABLE effects (event_id text NOT NULL)'); // no unique key: only the inbox dedupes
    const kafka = testKafka();
    const topic = await freshTopic(kafka);
    const deliveries: string[] = [];
    const effectsInbox = inbox<Sql>({ consumer: 'effects', transaction: (work) => inTransaction(pool, work), sql: (sql) => sql, logger });
    effectsInbox.on(eventContract(topic, EVENT_TYPE, z.unknown()), async (_data, { tx, event }) => {
      await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]);
      return undefined;
    });
    // Every delivery, counted before the inbox decides whether it is new.
    const counted = effectsInbox.subscriptions().map((s) => ({
      contract: s.contract,
      handle: async (event: CloudEvent) => {
        deliveries.push(event.id);
        await s.handle(event);
      },
    }));
    const consumer = await startConsumer({ kafka, groupId: unique('test.inbox'), topics: [topic], logger, subscriptions: counted });
    defer(() => consumer.stop());

    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => (crashed = resolve));
    const first = await startRelay(kafka, url, {
      backoff: { initialMs: 600_000, maxMs: 600_000 }, // the "dead" relay never retries by itself
      afterPublish: async () => {
        crashed();
        throw new Error('killed after publishing, before marking');
      },
    });
    const event = await commitEvent(pool, topic, unique('order'), { n: 1 });
    await crash;
    await first.stop();
    expect(await publishedAt(pool, event.id)).toBeNull();

    await startRelay(kafka, url);

    await eventually(() => expect(deliveries).toEqual([event.id, event.id]), arrival);
    expect(await publishedAt(pool, event.id)).toBeInstanceOf(Date);
    const effects = await pool.query('SELECT event_id FROM effects');
    expect(effects.rows).toEqual([{ event_id: event.id }]);
  });

  it('does not skip a row whose transaction commits after a later row was published', async () => {
    const { url, pool } = await eventStoreDatabase('outbox_order');
    const kafka = testKafka();
    const topic = await freshTopic(kafka);
    const received = await collect(kafka, topic);
    const { relay } = await startRelay(kafka, url);

    const a = await openTransaction(pool);
    const eventA = await appendAndEnqueue(a.sql, topic, unique('a'), { n: 'a' });
    const b = await openTransaction(pool);
    const eventB = await appendAndEnqueue(b.sql, topic, unique('b'), { n: 'b' });
    const [idA] = await a.sql.query<{ id: string }>('SELECT id::text FROM outbox');
    const [idB] = await b.sql.query<{ id: string }>('SELECT id::text FROM outbox');
    expect(BigInt(idA?.id ?? 0)).toBeLessThan(BigInt(idB?.id ?? 0));

    await b.commit();
    await eventually(() => expect(idsOf(received)).toEqual([eventB.id]), arrival);
    await relay.idle();
    expect(await publishedAt(pool, eventB.id)).toBeInstanceOf(Date);

    await a.commit();
    await eventually(() => expect(idsOf(received)).toEqual([eventB.id, eventA.id]), arrival);
    await relay.idle();
    expect(await publishedAt(pool, eventA.id)).toBeInstanceOf(Date);
  });

  it('publishes each row once with two relays on the same database', async () => {
    const { url, pool } = await eventStoreDatabase('outbox_two_relays');
    const kafka = testKafka();
    const topic = await freshTopic(kafka, 1);
    const received = await collect(kafka, topic);
    const key = unique('order');

    // Relay one stops after publishing its first batch, still holding the lock and the rows unmarked.
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const one = await startRelay(kafka, url, {
      afterPublish: async () => {
        if (++calls > 1) return;
        holding();
        await released;
      },
    });
    const committed = [];
    for (let n = 0; n < 5; n++) committed.push(await commitEvent(pool, topic, key, { n }));
    await held;

    // Relay two runs a full batch meanwhile: it must publish none of the rows relay one is sending.
    const two = await startRelay(kafka, url);
    await two.relay.idle();
    release();

    for (let n = 5; n < 30; n++) committed.push(await commitEvent(pool, topic, key, { n }));
    await eventually(async () => expect(await unpublishedCount(pool)).toBe(0), arrival);
    await Promise.all([one.stop(), two.stop()]);

    // Both relays are stopped: a marker produced now comes after anything they sent (one partition).
    const producer = kafka.producer();
    await producer.connect();
    defer(() => producer.disconnect());
    const marker = unique('marker');
    await producer.send({ topic, messages: [{ key, value: JSON.stringify({ id: marker }) }] });
    await eventually(() => expect(idsOf(received)).toContain(marker), arrival);

    expect(idsOf(received)).toEqual([...committed.map((e) => e.id), marker]);
  });
});
