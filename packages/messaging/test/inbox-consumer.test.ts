import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CloudEvent, deadLetterTopic, type EventContract, eventContract, RegistrationConfirmed } from '@seminarwerk/contracts';
import { reject } from '@seminarwerk/decider';
import { createLogger } from '@seminarwerk/logging';
import { type InboxHandler, inbox, inboxRejections, migrate, pgSql } from '@seminarwerk/postgres';
import { createTestDatabase, eventually } from '@seminarwerk/testing';
import { Partitioners } from 'kafkajs';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { cloudEvent, createKafka, ensureTopics, startConsumer, toKafkaMessage } from '../src/index.ts';

const MIGRATIONS = ['20261126000000_event_store_outbox_inbox', '20261210000000_inbox_outcome'].map((name) =>
  fileURLToPath(new URL(`../../../services/catalogue/prisma/migrations/${name}`, import.meta.url)),
);
const GOOD = 'test.thing.happened.v1';
const Good = eventContract('test', GOOD, z.object({ ok: z.boolean() }));
const CONSUMER = 'inbox-consumer-test';
// Generous: a test file elsewhere may crash and restart the shared broker meanwhile (kafkajs retries).
const arrival = { timeoutMs: 50_000 };
const logger = createLogger('messaging-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const unique = (prefix: string) => `${prefix}.${randomBytes(5).toString('hex')}`;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** A database with the inbox table and an `effects` table without a unique key: only the inbox dedupes. */
async function inboxDatabase(): Promise<pg.Pool> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-migrations-'));
  try {
    for (const migration of MIGRATIONS) cpSync(migration, join(dir, basename(migration)), { recursive: true });
    const url = await createTestDatabase('inbox_consumer');
    await migrate(url, dir);
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    cleanups.push(() => pool.end());
    await pool.query('CREATE TABLE effects (position serial, event_id text NOT NULL, transaction_id bigint)');
    return pool;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface DeadLetter {
  key: string;
  value: string;
  headers: Record<string, string>;
}

type Handlers = [EventContract, InboxHandler<pg.PoolClient, EventContract>][];

/** Transactions on pool connections, for the inbox. */
const transactionsOn =
  (pool: pg.Pool) =>
  async <T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  };

/**
 * A fresh topic (and .dlq) with a consumer whose inbox handles GOOD by writing its effect in the
 * transaction that records the event id. `handled` lists every event whose GOOD effect ran.
 */
async function start(options: { handlers?: Handlers; maxAttempts?: number; together?: boolean; consumeLater?: boolean } = {}) {
  const pool = await inboxDatabase();
  const kafka = createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'messaging-test', logger });
  const topic = unique('test.inbox');
  await ensureTopics(kafka, [topic]);
  const handled: string[] = [];
  const events = inbox<pg.PoolClient>({ consumer: CONSUMER, transaction: transactionsOn(pool), sql: pgSql, logger });
  events.on(Good, async (_data, { tx, event }) => {
    await tx.query('INSERT INTO effects (event_id, transaction_id) VALUES ($1, txid_current())', [event.id]);
    handled.push(event.id);
    return undefined;
  });
  for (const [contract, handler] of options.handlers ?? []) events.on(contract, handler);
  const consume = async () => {
    const consumer = await startConsumer({
      kafka,
      groupId: unique('test.group'),
      topics: [topic],
      subscriptions: events.subscriptions(),
      ...(options.together ? { handleMany: events.handleMany } : {}),
      logger,
      maxAttempts: options.maxAttempts ?? 3,
      retryDelayMs: 10,
    });
    cleanups.push(() => consumer.stop());
  };
  if (!options.consumeLater) await consume();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  cleanups.push(() => producer.disconnect());

  return {
    topic,
    handled,
    consume,
    event: (type: string, key: string, data: unknown = { ok: true }) =>
      cloudEvent({ type, source: 'test', subject: key, data, time: new Date() }),
    send: async (key: string, value: CloudEvent | string) => {
      const message = typeof value === 'string' ? { key, value } : toKafkaMessage(key, value);
      await producer.send({ topic, acks: -1, messages: [message] });
    },
    effects: async () => (await pool.query('SELECT event_id FROM effects ORDER BY position')).rows.map((r) => r.event_id),
    transactionsOf: async (ids: string[]) =>
      (await pool.query('SELECT DISTINCT transaction_id FROM effects WHERE event_id = ANY($1)', [ids])).rowCount,
    rejections: () => inboxRejections(pgSql(pool), CONSUMER),
    /** Messages in the dead-letter topic so far; exact once a later message of the partition was handled. */
    deadLetterCount: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const offsets = await admin.fetchTopicOffsets(deadLetterTopic(topic));
        return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      } finally {
        await admin.disconnect();
      }
    },
    deadLetters: async () => {
      const dlq = kafka.consumer({ groupId: unique('test.dlq-reader'), maxWaitTimeInMs: 500 });
      cleanups.push(() => dlq.disconnect());
      const received: DeadLetter[] = [];
      await dlq.connect();
      await dlq.subscribe({ topics: [deadLetterTopic(topic)], fromBeginning: true });
      await dlq.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
          received.push({ key: String(message.key), value: String(message.value), headers });
        },
      });
      return received;
    },
  };
}

const failing = eventContract('test', 'test.thing.failed.v1', z.object({ ok: z.boolean() }));

/** A handler that writes (rolled back with it) and fails, every time; `attempts` lists each event it saw. */
const alwaysFailing =
  (attempts: string[]): InboxHandler<pg.PoolClient, EventContract> =>
  async (_data, { tx, event }) => {
    attempts.push(event.id);
    await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [`rolled back ${event.id}`]);
    throw new Error('database on fire');
  };

describe('inbox consumer', () => {
  it('applies the effect of an event delivered twice once', async () => {
    const t = await start();
    const key = unique('order');
    const event = t.event(GOOD, key);
    const sentinel = t.event(GOOD, key);

    await t.send(key, event);
    await t.send(key, event);
    await t.send(key, sentinel);

    // The sentinel comes after the duplicate on the same partition: once it is handled, so was the duplicate.
    await eventually(() => expect(t.handled).toContain(sentinel.id), arrival);
    expect(t.handled).toEqual([event.id, sentinel.id]);
    expect(await t.effects()).toEqual([event.id, sentinel.id]);
  });

  it('records an event its rules refuse as processed, with the code, and carries on', async () => {
    const refused = eventContract('test', 'test.thing.refused.v1', z.object({ ok: z.boolean() }));
    const attempts: string[] = [];
    const t = await start({
      handlers: [
        [
          refused,
          async (_data, { tx, event }) => {
            attempts.push(event.id);
            await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [`written before refusing ${event.id}`]);
            return reject('not-now', 'this thing cannot happen now');
          },
        ],
      ],
    });
    const key = unique('order');
    const doomed = t.event(refused.type, key);
    const next = t.event(GOOD, key);

    await t.send(key, doomed);
    await t.send(key, doomed);
    await t.send(key, next);

    await eventually(() => expect(t.handled).toEqual([next.id]), arrival);
    expect(attempts).toEqual([doomed.id]); // refused once, and the redelivery found it processed
    expect(await t.rejections()).toEqual({ 'not-now': 1 });
    expect(await t.deadLetterCount()).toBe(0);
  });

  it('dead-letters invalid JSON and handles the next message of the same key', async () => {
    const t = await start();
    const key = unique('order');
    const next = t.event(GOOD, key);

    await t.send(key, '{"specversion": "1.0", oops');
    await t.send(key, next);

    await eventually(() => expect(t.handled).toEqual([next.id]), arrival);
    expect(await t.deadLetterCount()).toBe(1);
    const dead = await t.deadLetters();
    await eventually(() => expect(dead).toHaveLength(1), arrival);
    expect(dead[0]).toMatchObject({ key, value: '{"specversion": "1.0", oops' });
    expect(dead[0]?.headers).toMatchObject({ 'dlq-reason': 'invalid-json', 'dlq-source-topic': t.topic });
    expect(dead[0]?.headers['dlq-detail']).toMatch(/JSON/);
  });

  it('dead-letters a known event type with invalid data and handles the next message', async () => {
    const confirmed: string[] = [];
    const t = await start({
      handlers: [
        [
          RegistrationConfirmed,
          async (_data, { event }) => {
            confirmed.push(event.id);
            return undefined;
          },
        ],
      ],
    });
    const key = unique('registration');
    const invalid = t.event(RegistrationConfirmed.type, key, { registrationId: 'not-a-uuid' });
    const next = t.event(GOOD, key);

    await t.send(key, invalid);
    await t.send(key, next);

    await eventually(() => expect(t.handled).toEqual([next.id]), arrival);
    expect(confirmed).toEqual([]);
    expect(await t.deadLetterCount()).toBe(1);
    const dead = await t.deadLetters();
    await eventually(() => expect(dead).toHaveLength(1), arrival);
    expect(JSON.parse(dead[0]?.value ?? '{}')).toMatchObject({ id: invalid.id });
    expect(dead[0]?.headers).toMatchObject({ 'dlq-reason': 'invalid-data', 'ce-id': invalid.id });
    expect(dead[0]?.headers['dlq-detail']).toContain('registrationId');
  });

  it('dead-letters an event whose handler keeps failing after maxAttempts and carries on', async () => {
    const attempts: string[] = [];
    const t = await start({
      maxAttempts: 3,
      handlers: [[failing, alwaysFailing(attempts)]],
    });
    const key = unique('order');
    const doomed = t.event(failing.type, key);
    const next = t.event(GOOD, key);

    await t.send(key, doomed);
    await t.send(key, next);

    await eventually(() => expect(t.handled).toEqual([next.id]), arrival);
    expect(attempts).toEqual([doomed.id, doomed.id, doomed.id]);
    expect(await t.deadLetterCount()).toBe(1);
    const dead = await t.deadLetters();
    await eventually(() => expect(dead).toHaveLength(1), arrival);
    expect(dead[0]?.headers).toMatchObject({ 'dlq-reason': 'handler-failed', 'dlq-detail': 'database on fire', 'ce-id': doomed.id });
    expect(await t.effects()).toEqual([next.id]);
  });

  it('skips event types it has no handler for, without dead-lettering them', async () => {
    const t = await start();
    const key = unique('order');
    const next = t.event(GOOD, key);

    await t.send(key, t.event('test.nobody.cares.v1', key));
    await t.send(key, next);

    await eventually(() => expect(t.handled).toEqual([next.id]), arrival);
    expect(await t.deadLetterCount()).toBe(0);
    expect(await t.effects()).toEqual([next.id]);
  });

  it('handles a fetched run of events in one transaction, and one by one when one of them fails', async () => {
    const attempts: string[] = [];
    const t = await start({
      together: true,
      consumeLater: true,
      maxAttempts: 2,
      handlers: [[failing, alwaysFailing(attempts)]],
    });
    const key = unique('order');
    const calm = [t.event(GOOD, key), t.event(GOOD, key), t.event(GOOD, key)];
    const first = calm[0] as CloudEvent;
    const doomed = t.event(failing.type, key);
    const after = [t.event(GOOD, key), t.event(GOOD, key)];
    // All on the partition before the consumer starts, so its first fetch brings them together.
    for (const event of calm) await t.send(key, event);
    await t.send(key, first); // delivered twice
    await t.send(key, 'not json');
    await t.send(key, doomed);
    for (const event of after) await t.send(key, event);
    await t.consume();

    const expected = [...calm, ...after].map((e) => e.id);
    await eventually(async () => expect(await t.effects()).toEqual(expected), arrival);
    // The first run (up to the invalid message) in one transaction; the doomed event failed the second run, which
    // rolled back and was handled one by one: the doomed event tried once together and maxAttempts times alone.
    expect(await t.transactionsOf(calm.map((e) => e.id))).toBe(1);
    expect(attempts).toEqual([doomed.id, doomed.id, doomed.id]);
    await eventually(async () => expect(await t.deadLetterCount()).toBe(2), arrival);
  });
});
