import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CloudEvent } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { cloudEvent, createKafka, createPublisher, ensureTopics, type Kafka } from '@seminarwerk/messaging';
import { createTestDatabase } from '@seminarwerk/testing';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import {
  appendToStream,
  enqueue,
  migrate,
  type OutboxRelayOptions,
  pgSql,
  type Sql,
  startOutboxRelay,
  streamVersion,
} from '../src/index.ts';

/** The event store, outbox and inbox tables as every service has them. */
export const EVENT_STORE_MIGRATIONS = ['20261126000000_event_store_outbox_inbox', '20261210000000_inbox_outcome'].map((name) =>
  fileURLToPath(new URL(`../../../services/catalogue/prisma/migrations/${name}`, import.meta.url)),
);
export const EVENT_TYPE = 'test.thing.happened.v1';

export const logger = createLogger('postgres-test', process.env.TEST_LOG_LEVEL ?? 'silent');
export const unique = (prefix: string) => `${prefix}.${randomBytes(5).toString('hex')}`;

/** Cleanups registered during a test, run in reverse order after it (also when it failed). */
const cleanups: Array<() => Promise<unknown>> = [];
export function defer<T extends () => Promise<unknown>>(cleanup: T): void {
  cleanups.push(cleanup);
}
afterEach(async () => {
  const errors: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e) => errors.push(e));
  if (errors.length > 0) throw errors[0];
});

/** A fresh database with only the event store / outbox / inbox migrations applied, and a pool on it. */
export async function eventStoreDatabase(label: string): Promise<{ url: string; pool: pg.Pool }> {
  const dir = mkdtempSync(join(tmpdir(), 'sw-migrations-'));
  try {
    for (const migration of EVENT_STORE_MIGRATIONS) cpSync(migration, join(dir, basename(migration)), { recursive: true });
    const url = await createTestDatabase(label);
    await migrate(url, dir);
    const pool = new pg.Pool({ connectionString: url, max: 12 });
    pool.on('error', () => {});
    defer(() => pool.end());
    return { url, pool };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function inTransaction<T>(pool: pg.Pool, work: (sql: Sql, client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(pgSql(client), client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Appends one event to stream `key` and enqueues it for `topic`, in the caller's transaction. */
export async function appendAndEnqueue(sql: Sql, topic: string, key: string, data: unknown): Promise<CloudEvent> {
  const [stored] = await appendToStream(sql, key, await streamVersion(sql, key), [{ type: EVENT_TYPE, data }]);
  if (!stored) throw new Error('nothing appended');
  const event = cloudEvent({ id: stored.id, type: EVENT_TYPE, source: 'test', subject: key, data, time: stored.recordedAt });
  await enqueue(sql, [{ topic, key, event }]);
  return event;
}

export const commitEvent = (pool: pg.Pool, topic: string, key: string, data: unknown) =>
  inTransaction(pool, (sql) => appendAndEnqueue(sql, topic, key, data));

export async function unpublishedCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
  return rows[0].n;
}

export function testKafka(clientId = 'postgres-test'): Kafka {
  return createKafka({ brokers: inject('kafkaBrokers').split(','), clientId, logger });
}

/** A fresh topic (and its .dlq) that exists before anyone produces or consumes. */
export async function freshTopic(kafka: Kafka, partitions = 3): Promise<string> {
  const topic = unique('test.outbox');
  await ensureTopics(kafka, [topic], { numPartitions: partitions });
  return topic;
}

/** A publisher and a relay on it; both are stopped after the test. */
export async function startRelay(kafka: Kafka, databaseUrl: string, options: Partial<OutboxRelayOptions> = {}) {
  const publisher = await createPublisher(kafka);
  defer(() => publisher.disconnect());
  // A huge poll interval: rows must be picked up because of NOTIFY, not by the safety-net poll.
  const relay = startOutboxRelay({
    databaseUrl,
    publisher,
    logger,
    pollIntervalMs: 600_000,
    backoff: { initialMs: 50, maxMs: 1000 },
    ...options,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await relay.stop();
  };
  defer(stop);
  return { relay, stop };
}

export interface Received {
  key: string;
  partition: number;
  offset: string;
  event: CloudEvent;
}

/** A plain kafkajs consumer (new group, from the beginning) that records what arrives on `topic`. */
export async function collect(kafka: Kafka, topic: string): Promise<Received[]> {
  const consumer = kafka.consumer({ groupId: unique('test.collector'), maxWaitTimeInMs: 500 });
  defer(() => consumer.disconnect());
  const received: Received[] = [];
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      received.push({
        key: message.key?.toString() ?? '',
        partition,
        offset: message.offset,
        event: JSON.parse(message.value?.toString() ?? 'null') as CloudEvent,
      });
    },
  });
  await joined;
  return received;
}

export const idsOf = (received: readonly Received[]) => received.map((r) => r.event.id);
