import { randomBytes, randomUUID } from 'node:crypto';
import type { RunningService } from '@seminarwerk/runtime';
import { checkedFetch } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startGateway } from '../src/main.ts';
import { gatewayDatabase } from './edge-gateway.ts';

/**
 * Two gateway processes' worth of gateway (two started gateways, each with its own key cache and listener) on one
 * database: a key revoked through one is refused by the other within a second, long before its cache would expire.
 */

const staffKey = `sw_test_staff_${randomBytes(16).toString('hex')}`;
let first: RunningService;
let second: RunningService;

async function start(databaseUrl: string) {
  return startGateway(
    loadConfig({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'silent',
      PRINCIPAL_SIGNING_SECRET: randomBytes(32).toString('base64url'),
      BOOTSTRAP_BACK_OFFICE_KEY: staffKey,
      // An hour: only the NOTIFY can make the second gateway forget the key in time.
      API_KEY_CACHE_TTL_SECONDS: '3600',
    }),
  );
}

const post = (gateway: RunningService, path: string, body?: unknown) =>
  checkedFetch(new URL(path, gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${staffKey}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
/** 403 `forbidden`: the partner key is accepted, the route is staff only. 401: the key is refused. */
const statusWith = async (gateway: RunningService, key: string) =>
  (await checkedFetch(new URL('/v1/api-keys', gateway.url), { headers: { authorization: `Bearer ${key}` } })).status;

beforeAll(async () => {
  const { url, db } = await gatewayDatabase('gateway_revocation');
  await db.$disconnect();
  first = await start(url);
  second = await start(url);
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
});

it('refuses a key revoked through one gateway on another within a second', async () => {
  const created = (await (await post(first, '/v1/api-keys', { municipalityId: 'oldenburg', name: 'leaked' })).json()) as {
    id: string;
    key: string;
  };
  expect(await statusWith(second, created.key)).toBe(403); // the second gateway now remembers the key

  expect((await post(first, `/v1/api-keys/${created.id}/revoke`)).status).toBe(200);
  const revokedAt = performance.now();
  let refusedAfter: number | undefined;
  while (performance.now() - revokedAt < 1000) {
    if ((await statusWith(second, created.key)) === 401) {
      refusedAfter = performance.now() - revokedAt;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(refusedAfter, 'the second gateway still accepted the key a second after its revocation').toBeDefined();
});

it('ends a rotated key everywhere when its grace period is cut to nothing', async () => {
  const created = (await (await post(first, '/v1/api-keys', { municipalityId: 'celle', name: 'rotated' })).json()) as {
    id: string;
    key: string;
  };
  expect(await statusWith(second, created.key)).toBe(403);
  const rotated = (await (await post(first, `/v1/api-keys/${created.id}/rotate`, { gracePeriodSeconds: 0 })).json()) as { key: string };
  const started = performance.now();
  let refused = false;
  while (!refused && performance.now() - started < 1000) {
    refused = (await statusWith(second, created.key)) === 401;
    if (!refused) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(refused).toBe(true);
  expect(await statusWith(second, rotated.key)).toBe(403);
});
