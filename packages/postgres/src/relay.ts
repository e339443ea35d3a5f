import type { EventMessage, EventPublisher } from '@seminarwerk/contracts';
import type { Logger } from '@seminarwerk/logging';
import pg from 'pg';
import { OUTBOX_CHANNEL } from './outbox.ts';
import { doorbell, listen } from './wake-up.ts';

/** Only one relay per database publishes at a time, so messages of one key leave in commit order. */
const RELAY_LOCK = 72_002;

export interface OutboxRelayOptions {
  databaseUrl: string;
  publisher: EventPublisher;
  logger: Logger;
  batchSize?: number;
  /** Safety net if a NOTIFY is missed (e.g. the listening connection dropped). */
  pollIntervalMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /** Test seam: runs after Kafka acknowledged a batch and before it is marked published. */
  afterPublish?: (messages: readonly EventMessage[]) => Promise<void>;
  /** Told of every batch once it is published and marked (metrics). */
  onPublished?: (messages: readonly EventMessage[]) => void;
}

export interface OutboxRelay {
  /** Resolves once no unpublished row is left (for tests and graceful shutdown). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Publishes unpublished outbox rows in id order and marks them published in the same transaction
 * that locked them. It selects by `published_at IS NULL`, never "after the last id I saw", because
 * transactions commit out of id order. A crash after publishing and before marking publishes the
 * rows again: consumers are idempotent. Failures are retried forever with capped backoff.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { publisher, logger } = options;
  const batchSize = options.batchSize ?? 200;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  const backoff = options.backoff ?? { initialMs: 100, maxMs: 10_000 };
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  pool.on('error', (error) => logger.warn({ err: error.message }, 'outbox relay pool error'));
  let running = true;
  // Rung by NOTIFY, idle() and stop(). A ring during a batch is remembered: that batch's SELECT
  // may predate the commit that rang.
  const bell = doorbell();
  let idleWaiters: Array<() => void> = [];
  const listener = listen(options.databaseUrl, OUTBOX_CHANNEL, logger, () => bell.ring());

  async function publishBatch(): Promise<number> {
    const client = await pool.connect();
    // The pool listens for errors of idle clients only. This one stays checked out while Kafka is awaited; a
    // connection ended meanwhile (pg_terminate_backend, a failover) emits 'error', which unheard would end the process.
    // The query in flight fails with it, or the next one does.
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const { rows: lock } = await client.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [RELAY_LOCK]);
      if (!lock[0].ok) {
        await client.query('COMMIT');
        return 0;
      }
      // `ORDER BY outbox.id`, not `ORDER BY id`: a bare name means the output column, here text,
      // which would publish id 10 before id 9 and break the order of a key's messages.
      const { rows } = await client.query<{ id: string; topic: string; message_key: string; payload: EventMessage['event'] }>(
        `SELECT id::text, topic, message_key, payload FROM outbox
          WHERE published_at IS NULL ORDER BY outbox.id LIMIT $1`,
        [batchSize],
      );
      const messages = rows.map((r) => ({ topic: r.topic, key: r.message_key, event: r.payload }));
      if (rows.length > 0) {
        await publisher.publish(messages);
        await options.afterPublish?.(messages);
        await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      }
      await client.query('COMMIT');
      if (rows.length > 0) options.onPublished?.(messages);
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(lost); // a lost connection is discarded, not handed to the next batch
    }
  }

  const loop = (async () => {
    let delay = backoff.initialMs;
    while (running) {
      // Only a batch that started after idle() was called may resolve it.
      const waiters = idleWaiters;
      idleWaiters = [];
      try {
        const published = await publishBatch();
        delay = backoff.initialMs;
        if (published > 0) {
          idleWaiters.push(...waiters);
          continue;
        }
        for (const resolve of waiters) resolve();
        await bell.wait(pollIntervalMs);
      } catch (error) {
        idleWaiters.push(...waiters);
        logger.warn({ err: (error as Error).message, retryInMs: delay }, 'outbox relay failed; retrying');
        if (running) await bell.wait(delay);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
  })();

  return {
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        bell.ring();
      }),
    async stop() {
      running = false;
      bell.ring();
      await loop;
      await (await listener).stop();
      await pool.end();
    },
  };
}
