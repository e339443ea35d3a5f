import { randomBytes, randomUUID } from 'node:crypto';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeys } from '../src/auth/api-keys.ts';
import type { Db } from '../src/db.ts';
import { REQUIRED_SCOPES } from '../src/edge/route-policy.ts';
import { OPENAPI_PATH } from '../src/routes/docs.ts';
import { bearer, edgeGateway, edgeSettings, gatewayDatabase, NO_LIMITS } from './edge-gateway.ts';

/** Key management at the gateway: one gateway in this process on a database of its own, with a clock the tests move. */

type Json = Record<string, any>;

let db: Db;
let app: OpenAPIHono;
let keys: ApiKeys;
let staffKey: string;
let clock = Date.now();

const call = async (method: string, path: string, key?: string, body?: unknown) => {
  const response = await app.request(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
};
const createKey = (body: Json) => call('POST', '/v1/api-keys', staffKey, body);
/** 403 `forbidden` for a partner on a back-office route: the key was accepted, the role was not. */
const accepted = async (key: string) => (await call('GET', '/v1/api-keys', key)).status === 403;

beforeAll(async () => {
  ({ db } = await gatewayDatabase('gateway_api_keys'));
  ({ app, keys } = edgeGateway(db, edgeSettings(NO_LIMITS), { now: () => clock, cacheTtlMs: 2 * 3_600_000 }));
  staffKey = (await keys.create({ name: 'staff', role: 'back-office' })).key;
});

afterAll(async () => {
  await db?.$disconnect();
});

describe('creating and listing keys', () => {
  it('creates a partner key from a municipalityId and shows it once, with a prefix to recognise it by', async () => {
    const created = await createKey({ municipalityId: 'oldenburg', name: 'HR system' });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect(created.body).toMatchObject({ role: 'partner', municipalityId: 'oldenburg', scopes: null, status: 'active' });
    expect(created.body.prefix).toMatch(/^sw_live_[a-z0-9]{6}$/);
    expect(created.body.key.startsWith(`${created.body.prefix}_`)).toBe(true);
    expect(await accepted(created.body.key)).toBe(true);

    const listed = await call('GET', '/v1/api-keys?municipalityId=oldenburg', staffKey);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const item = listed.body.items.find((k: Json) => k.id === created.body.id);
    expect(item).toMatchObject({ prefix: created.body.prefix, name: 'HR system', lastUsedAt: null, revokedAt: null, expiresAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(listed.body.items.every((k: Json) => k.municipalityId === 'oldenburg')).toBe(true);
  });

  it('still makes back-office keys with role, and refuses a key that is neither', async () => {
    expect((await createKey({ name: 'staff 2', role: 'back-office' })).body).toMatchObject({ role: 'back-office', municipalityId: null });
    for (const body of [
      { name: 'nobody' },
      { name: 'both', role: 'back-office', municipalityId: 'celle' },
      { name: 'x', municipalityId: 'celle', scopes: [] },
    ]) {
      const refused = await createKey(body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('recognises keys of the old form (sw_ and 192 bits), which have no prefix', async () => {
    const old = `sw_${randomBytes(24).toString('base64url')}`;
    const created = await keys.create({ name: 'from before', role: 'partner', municipalityId: 'celle', key: old });
    expect(created.prefix).toBeNull();
    expect(await accepted(old)).toBe(true);
  });

  it('records when a key was last used, without a write per request', async () => {
    const { key, id } = (await createKey({ municipalityId: 'vechta', name: 'used' })).body;
    for (let i = 0; i < 5; i++) await accepted(key);
    await keys.lastUsed.flush();
    const [row] = await db.$queryRaw<{ last_used_at: Date }[]>`SELECT last_used_at FROM api_keys WHERE id = ${id}::uuid`;
    expect(row?.last_used_at?.getTime()).toBe(clock);
  });
});

describe('rotation', () => {
  it('gives a new key; the old one works during the grace period, then not', async () => {
    const original = (await createKey({ municipalityId: 'emden', name: 'rotating', scopes: ['registrations:read'] })).body;
    await accepted(original.key); // remembered by the gateway before the rotation
    const rotated = await call('POST', `/v1/api-keys/${original.id}/rotate`, staffKey, { gracePeriodSeconds: 3600 });
    expect(rotated.status).toBe(201);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body).toMatchObject({ name: 'rotating', municipalityId: 'emden', scopes: ['registrations:read'] });
    expect(rotated.body.id).not.toBe(original.id);
    expect(rotated.body.previousKey).toMatchObject({ id: original.id, replacedBy: rotated.body.id });
    expect(rotated.body.previousKey.expiresAt).toBe(new Date(clock + 3_600_000).toISOString());

    const registrationsRead = (key: string) => call('GET', '/v1/registrations', key).then((r) => r.status);
    // Both keys pass the gateway (registration is not running here: 503 means "forwarded").
    expect(await registrationsRead(original.key)).toBe(503);
    expect(await registrationsRead(rotated.body.key)).toBe(503);

    clock += 3_600_000 - 1;
    expect(await registrationsRead(original.key)).toBe(503);
    clock += 1;
    const refused = await call('GET', '/v1/registrations', original.key);
    expect(refused.status).toBe(401);
    expect(refused.body.type).toMatch(/invalid-api-key$/);
    expect(await registrationsRead(rotated.body.key)).toBe(503);

    const listed = (await call('GET', '/v1/api-keys?municipalityId=emden', staffKey)).body.items;
    expect(listed.map((k: Json) => [k.id, k.status])).toEqual([
      [original.id, 'expired'],
      [rotated.body.id, 'active'],
    ]);
  });

  it('defaults to 24 hours, ends at once with 0, and refuses keys rotated or revoked already', async () => {
    const first = (await createKey({ municipalityId: 'leer', name: 'leer' })).body;
    const byDefault = await call('POST', `/v1/api-keys/${first.id}/rotate`, staffKey);
    expect(byDefault.status).toBe(201);
    expect(byDefault.body.previousKey.expiresAt).toBe(new Date(clock + 24 * 3_600_000).toISOString());
    expect((await call('POST', `/v1/api-keys/${first.id}/rotate`, staffKey)).body.type).toMatch(/api-key-rotated$/);

    const second = byDefault.body;
    const atOnce = await call('POST', `/v1/api-keys/${second.id}/rotate`, staffKey, { gracePeriodSeconds: 0 });
    expect(atOnce.status).toBe(201);
    expect(await accepted(second.key)).toBe(false);
    expect(await accepted(atOnce.body.key)).toBe(true);

    await call('POST', `/v1/api-keys/${atOnce.body.id}/revoke`, staffKey);
    expect((await call('POST', `/v1/api-keys/${atOnce.body.id}/rotate`, staffKey)).body.type).toMatch(/api-key-revoked$/);
    expect((await call('POST', `/v1/api-keys/${randomUUID()}/rotate`, staffKey)).status).toBe(404);
    expect((await call('POST', `/v1/api-keys/${first.id}/rotate`, staffKey, { gracePeriodSeconds: 8 * 86400 })).status).toBe(400);
  });
});

describe('revocation', () => {
  it('refuses the key at once on this gateway, also when it was remembered; revoking again changes nothing', async () => {
    const { key, id } = (await createKey({ municipalityId: 'aurich', name: 'leaked' })).body;
    expect(await accepted(key)).toBe(true);
    const revoked = await call('POST', `/v1/api-keys/${id}/revoke`, staffKey);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, status: 'revoked', revokedAt: expect.any(String) });
    // The gateway that revoked it forgets it at once; the others by NOTIFY (revocation.test.ts).
    expect(await accepted(key)).toBe(false);
    expect((await call('POST', `/v1/api-keys/${id}/revoke`, staffKey)).body.revokedAt).toBe(revoked.body.revokedAt);
  });
});

describe('scopes', () => {
  it('limit a key to the operations of its scopes, checked before the body is read', async () => {
    const reader = (await createKey({ municipalityId: 'norden', name: 'catalogue only', scopes: ['catalogue:read'] })).body.key;
    const booking = await call('POST', '/v1/registrations', reader, { not: 'even valid' });
    expect(booking.status).toBe(403);
    expect(booking.body).toMatchObject({
      type: expect.stringMatching(/insufficient-scope$/),
      detail: expect.stringContaining('registrations:write'),
    });
    expect((await call('GET', '/v1/invoices', reader)).status).toBe(403);
    expect((await call('GET', '/v1/offerings', reader)).status).toBe(503); // allowed, forwarded

    const staffReader = (await createKey({ name: 'invoice export', role: 'back-office', scopes: ['invoices:read'] })).body.key;
    expect((await call('GET', '/v1/invoices', staffReader)).status).toBe(503);
    // Managing keys belongs to no scope: only a key with its role's full rights may do it.
    const minting = await call('POST', '/v1/api-keys', staffReader, { name: 'escalated', role: 'back-office' });
    expect(minting.status).toBe(403);
    expect(minting.body.detail).toContain('without scopes');
  });

  it('name only operations the gateway serves', async () => {
    const document = (await (await app.request(OPENAPI_PATH)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    // The event feed is added beside this work (notification's routes); until then it may be missing.
    const unknown = Object.keys(REQUIRED_SCOPES).filter((operation) => !documented.has(operation) && operation !== 'GET /v1/events');
    expect(unknown).toEqual([]);
  });
});

describe('the key cache', () => {
  it('stays as it is after 20,000 requests with random keys: unknown keys are never kept', async () => {
    const { key } = (await createKey({ municipalityId: 'wittmund', name: 'real' })).body;
    keys.cache.clear();
    expect(await accepted(key)).toBe(true);
    const before = keys.cache.size;
    let refused = 0;
    for (let batch = 0; batch < 200; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => app.request('/v1/offerings', bearer(`sw_live_abcdef_${randomBytes(24).toString('base64url')}`))),
      );
      refused += answers.filter((a) => a.status === 401).length;
    }
    expect(refused).toBe(20_000);
    expect(keys.cache.size).toBe(before);
    expect(await accepted(key)).toBe(true);
  });

  it('is bounded: beyond its size the least recently used keys go', async () => {
    const small = edgeGateway(db, edgeSettings(NO_LIMITS), { cacheSize: 3 });
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, i) => small.keys.create({ name: `k${i}`, role: 'partner', municipalityId: 'jever' })),
    );
    for (const { key } of made) expect((await small.app.request('/v1/api-keys', bearer(key))).status).toBe(403);
    expect(small.keys.cache.size).toBe(3);
  });
});
