import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
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

beforeAll(async () => {
  const url = await createTestDatabase('notification_webhook_races');
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
