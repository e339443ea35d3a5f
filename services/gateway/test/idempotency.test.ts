import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createLogger } from '@seminarwerk/logging';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/app.ts';
import { type ApiKeys, apiKeys } from '../src/auth/api-keys.ts';
import type { Db } from '../src/db.ts';
import { type IdempotencyStore, idempotencyStore } from '../src/idempotency/idempotency.ts';
import { bearer, edgeSettings, gatewayDatabase, NO_LIMITS } from './edge-gateway.ts';

/**
 * The gateway's Idempotency-Key (idempotency.ts) against its database, with a stand-in registration service that
 * counts what reaches it and answers what each test tells it to.
 */

let db: Db;
let app: OpenAPIHono;
let keys: ApiKeys;
let store: IdempotencyStore;
let service: Server;
let partnerKey: string;
let staffKey: string;

/** What the stand-in answers next; `calls` counts the requests that reached it. */
let answer: (request: IncomingMessage, body: string, response: ServerResponse) => void;
let calls: { method?: string; url?: string; body: string; idempotencyKey?: string }[] = [];
const created = (_: IncomingMessage, body: string, response: ServerResponse) =>
  response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID(), echo: JSON.parse(body) }));

const offeringId = '0b6f0f2e-4f4e-4a8a-9d7c-2f1e3a4b5c6d';
const registration = (email = 'anna.meyer@oldenburg.example') => ({
  offeringId,
  participant: { firstName: 'Anna', lastName: 'Meyer', email },
});

const register = (key: string, body: unknown, apiKey = partnerKey) =>
  app.request('/v1/registrations', {
    method: 'POST',
    ...bearer(apiKey, { 'idempotency-key': key, 'content-type': 'application/json' }),
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const typeOf = async (response: Response) =>
  String(((await response.json()) as { type?: string }).type)
    .split('/')
    .pop();

beforeAll(async () => {
  service = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.url?.startsWith('/health')) return void response.end('{}');
      calls.push({ method: request.method, url: request.url, body, idempotencyKey: request.headers['x-idempotency-key'] as string });
      answer(request, body, response);
    });
  });
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  ({ db } = await gatewayDatabase('gateway_idempotency'));
  keys = apiKeys(db);
  store = idempotencyStore(db.pool, 24);
  app = createGateway({
    logger: createLogger('gateway', 'silent'),
    keys,
    idempotencyStore: store,
    upstreams: {
      catalogue: { name: 'catalogue', baseUrl },
      registration: { name: 'registration', baseUrl },
      invoicing: { name: 'invoicing', baseUrl },
      notification: { name: 'notification', baseUrl },
    },
    readiness: {},
    edge: edgeSettings(NO_LIMITS),
  });
  partnerKey = (await keys.create({ name: 'partner', role: 'partner', municipalityId: 'oldenburg' })).key;
  staffKey = (await keys.create({ name: 'staff', role: 'back-office' })).key;
});

beforeEach(() => {
  calls = [];
  answer = created;
});

afterAll(async () => {
  service?.closeAllConnections();
  service?.close();
  await db?.$disconnect();
});

describe('the same key again', () => {
  it('replays the first answer byte for byte, marked Idempotent-Replayed, without asking the service again', async () => {
    const key = randomUUID();
    const first = await register(key, registration());
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstBytes = new Uint8Array(await first.arrayBuffer());

    const again = await register(key, registration());
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toBe('application/json');
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(firstBytes);
    expect(calls).toHaveLength(1);
  });

  it('passes the key on to the service, scoped to the API key that sent it', async () => {
    const key = randomUUID();
    await register(key, registration());
    const keyId = (await keys.authenticate(partnerKey))?.keyId;
    expect(calls.map((call) => call.idempotencyKey)).toEqual([`${keyId}:${key}`]);
  });

  it('keeps an answer that is no UTF-8 as its bytes, with its content type', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x80, 0xc3]);
    answer = (_, __, response) => response.writeHead(201, { 'content-type': 'application/octet-stream' }).end(bytes);
    const key = randomUUID();
    expect(new Uint8Array(await (await register(key, registration())).arrayBuffer())).toEqual(new Uint8Array(bytes));
    const again = await register(key, registration());
    expect(again.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(new Uint8Array(bytes));
  });

  it('answers 422 idempotency-key-reused for another body, and the service never sees it', async () => {
    const key = randomUUID();
    await register(key, registration());
    const other = await register(key, registration('someone.else@oldenburg.example'));
    expect(other.status).toBe(422);
    expect(await typeOf(other)).toBe('idempotency-key-reused');
    expect(calls).toHaveLength(1);
  });

  it('answers 409 idempotency-key-in-use while the first request still runs, and the first answer afterwards', async () => {
    let finish = () => {};
    answer = (request, body, response) => {
      finish = () => created(request, body, response);
    };
    const key = randomUUID();
    const first = register(key, registration());
    await expect.poll(() => calls.length).toBe(1);
    const meanwhile = await register(key, registration());
    expect(meanwhile.status).toBe(409);
    expect(await typeOf(meanwhile)).toBe('idempotency-key-in-use');
    finish();
    const firstBytes = new Uint8Array(await (await first).arrayBuffer());
    expect(new Uint8Array(await (await register(key, registration())).arrayBuffer())).toEqual(firstBytes);
  });

  it('is another key for another API key', async () => {
    const key = randomUUID();
    await register(key, registration());
    expect((await register(key, registration('other@oldenburg.example'), staffKey)).status).toBe(201);
    expect(calls).toHaveLength(2);
  });

  it('lets the request through to the service once more after an answer that says try again (503 with Retry-After)', async () => {
    answer = (_, __, response) =>
      response
        .writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '2' })
        .end(JSON.stringify({ type: 'https://errors.seminarwerk.example/offering-busy', status: 503 }));
    const key = randomUUID();
    const busy = await register(key, registration());
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('2');
    answer = created;
    const retried = await register(key, registration());
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('tells a retry that created an API key that its secret is not kept', async () => {
    const key = randomUUID();
    const body = { municipalityId: 'oldenburg', name: 'HR system' };
    const first = await app.request('/v1/api-keys', {
      method: 'POST',
      ...bearer(staffKey, { 'idempotency-key': key, 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
    expect(first.status).toBe(201);
    const again = await app.request('/v1/api-keys', {
      method: 'POST',
      ...bearer(staffKey, { 'idempotency-key': key, 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await typeOf(again)).toBe('secret-not-kept');
    const [row] = (await db.pool.query('SELECT response_body FROM idempotency_records WHERE key = $1', [key])).rows;
    expect(Buffer.from(row.response_body).toString('utf8')).not.toContain('sw_live_');
  });
});

describe('records that no longer hold their key', () => {
  it('takes over an expired record, even for another body', async () => {
    const key = randomUUID();
    await register(key, registration());
    await db.pool.query(`UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE key = $1`, [key]);
    const anew = await register(key, registration('someone.else@oldenburg.example'));
    expect(anew.status).toBe(201);
    expect(anew.headers.get('idempotent-replayed')).toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('takes over a record left in progress for over two minutes (a gateway that died mid-way), not a younger one', async () => {
    const keyId = (await keys.authenticate(partnerKey))?.keyId as string;
    const key = randomUUID();
    expect(await store.claim(keyId, key, 'hash')).toEqual({ kind: 'owned' });
    await db.pool.query(`UPDATE idempotency_records SET created_at = now() - interval '119 seconds' WHERE key = $1`, [key]);
    expect(await store.claim(keyId, key, 'hash')).toEqual({ kind: 'in-progress' });
    await db.pool.query(`UPDATE idempotency_records SET created_at = now() - interval '121 seconds' WHERE key = $1`, [key]);
    expect(await store.claim(keyId, key, 'hash')).toEqual({ kind: 'owned' });
  });

  it('purges expired records only', async () => {
    const keyId = (await keys.authenticate(partnerKey))?.keyId as string;
    const [expired, kept] = [randomUUID(), randomUUID()];
    await store.claim(keyId, expired, 'hash');
    await store.claim(keyId, kept, 'hash');
    await db.pool.query(`UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE key = $1`, [expired]);
    await store.purgeExpired();
    const { rows } = await db.pool.query('SELECT key FROM idempotency_records WHERE key = ANY($1)', [[expired, kept]]);
    expect(rows.map((r) => r.key)).toEqual([kept]);
  });
});

it('gives a key to exactly one of many requests claiming it at once', async () => {
  const keyId = (await keys.authenticate(partnerKey))?.keyId as string;
  for (let round = 0; round < 5; round++) {
    const key = randomUUID();
    const claims = await Promise.all(Array.from({ length: 8 }, () => store.claim(keyId, key, 'hash')));
    expect(claims.filter((c) => c.kind === 'owned')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'in-progress')).toHaveLength(7);
  }
});
