import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVELOPMENT_SECRET_KEY, secretBox } from '../src/app/secret-box.ts';
import { type Viewer, webhookSubscriptions } from '../src/app/webhook-subscriptions.ts';
import { createDb, type Db } from '../src/db.ts';

/**
 * A subscription deleted or rotated between the moment a request reads it and the moment it writes (the fuzz suite
 * found the first as a 500). The test makes the interleaving happen: its database deletes or rotates the
 * subscription right after the service has read it.
 */

const backOffice: Viewer = { kind: 'back-office' };
const options = { secrets: secretBox(DEVELOPMENT_SECRET_KEY), target: { allowedHosts: [] }, graceMs: 3_600_000 };
let db: Db;
let url: string;

beforeAll(async () => {
  url = await createTestDatabase('notification_webhook_races');
  await migrate(url, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  db = createDb(url);
});

afterAll(async () => {
  await db?.$disconnect();
});

/** The database as the service sees it, where `meanwhile` runs once right after the service first reads the subscription. */
function interleaved(meanwhile: () => Promise<unknown>): Db {
  let done = false;
  const subscriptions = new Proxy(db.webhookSubscription, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== 'findUnique') return value;
      return async (...args: unknown[]) => {
        const row = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        if (!done) {
          done = true;
          await meanwhile();
        }
        return row;
      };
    },
  });
  return new Proxy(db, {
    get: (target, property, receiver) => (property === 'webhookSubscription' ? subscriptions : Reflect.get(target, property, receiver)),
  });
}

const subscribe = () =>
  webhookSubscriptions(db, options).create(backOffice, { url: 'https://hooks.example.org/a', events: ['registration.confirmed'] }, 'test');

describe('a subscription changed while a request works on it', () => {
  it('rotating the secret of one deleted meanwhile answers not found', async () => {
    const { id } = await subscribe();
    const service = webhookSubscriptions(
      interleaved(() => db.webhookSubscription.delete({ where: { id } })),
      options,
    );
    await expect(service.rotateSecret(backOffice, id)).rejects.toMatchObject({ rejection: { code: 'webhook-subscription-not-found' } });
  });

  it('rotating the secret of one rotated meanwhile keeps the secret the other rotation answered as the previous one', async () => {
    const { id } = await subscribe();
    let other = '';
    const service = webhookSubscriptions(
      interleaved(async () => {
        other = (await webhookSubscriptions(db, options).rotateSecret(backOffice, id)).secret;
      }),
      options,
    );
    const mine = await service.rotateSecret(backOffice, id);
    const row = await db.webhookSubscription.findUniqueOrThrow({ where: { id } });
    expect(options.secrets.open(row.secret, id)).toBe(mine.secret);
    expect(options.secrets.open(row.previousSecret as string, id)).toBe(other);
  });

  it('redelivering to one deleted meanwhile answers not found', async () => {
    const { id } = await subscribe();
    const service = webhookSubscriptions(
      interleaved(() => db.webhookSubscription.delete({ where: { id } })),
      options,
    );
    await expect(service.redeliver(backOffice, id)).rejects.toMatchObject({ rejection: { code: 'webhook-subscription-not-found' } });
  });
});

describe('a subscription deleted while the sender records a delivery', () => {
  it('is deleted even when PostgreSQL ends the delete as the victim of a deadlock with the sender', async () => {
    const { id } = await subscribe();
    const sender = new pg.Client({ connectionString: url });
    await sender.connect();
    try {
      const event = await sender.query<{ position: string }>(
        `INSERT INTO public_events (event_id, type, ordering_key, occurred_at, payload)
         VALUES ($1, 'registration.confirmed', 'r-1', now(), '{}') RETURNING position`,
        [randomUUID()],
      );
      await sender.query(`INSERT INTO webhook_deliveries (id, subscription_id, event_position, ordering_key) VALUES ($1, $2, $3, 'r-1')`, [
        randomUUID(),
        id,
        event.rows[0]?.position,
      ]);
      // As the sender records an answer: the delivery first, then its subscription.
      await sender.query('BEGIN');
      await sender.query('UPDATE webhook_deliveries SET attempts = attempts + 1 WHERE subscription_id = $1', [id]);
      const removed = webhookSubscriptions(db, options).remove(backOffice, id);
      await waitUntilBlocked(sender, 'DELETE FROM');
      // Now the delete holds the subscription and waits for the delivery: the sender closes the circle.
      const recorded = sender.query('UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = $1', [id]).then(
        () => sender.query('COMMIT'),
        async (error: unknown) => {
          await sender.query('ROLLBACK');
          return error;
        },
      );
      await removed;
      await recorded;
      expect(await db.webhookSubscription.findUnique({ where: { id } })).toBeNull();
      expect(await db.webhookDelivery.count({ where: { subscriptionId: id } })).toBe(0);
    } finally {
      await sender.end();
    }
  });
});

/** Until a statement starting with `text` waits for a lock held by another session. */
async function waitUntilBlocked(client: pg.Client, text: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    // Inside a transaction PostgreSQL keeps showing the activity it saw first, unless told to look again.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const waiting = await client.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE $1`,
      [`%${text}%`],
    );
    if (waiting.rowCount) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no statement like ${text} waited for a lock`);
}
