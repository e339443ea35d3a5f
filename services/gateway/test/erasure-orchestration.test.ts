import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createLogger } from '@seminarwerk/logging';
import { eventually } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, signing } from '../src/app.ts';
import { apiKeys } from '../src/auth/api-keys.ts';
import type { Db } from '../src/db.ts';
import { idempotencyStore } from '../src/idempotency/idempotency.ts';
import { type Erasures, erasures } from '../src/privacy/erasures.ts';
import { ledgerLines, ledgerOf } from '../src/privacy/ledger.ts';
import { bearer, edgeSettings, gatewayDatabase, NO_LIMITS } from './edge-gateway.ts';

/**
 * The gateway's side of an erasure against its database, with stand-ins for registration, notification and invoicing
 * that answer as their contracts say (and first fail, or say "not yet"). The whole system: erasure.test.ts.
 */

type Json = Record<string, any>;
const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

let db: Db;
let dbUrl: string;
let app: OpenAPIHono;
let erasing: Erasures;
let service: Server;
let baseUrl: string;
let secret: string;
let staffKey: string;
let partnerKey: string;

const anna = { email: 'anna.meyer@oldenburg.example', registrationIds: [randomUUID(), randomUUID()], keyIds: ['key-1', 'key-2'] };
const unknownRegistration = randomUUID();
/** What reached the stand-ins, in order: `service method path body`. */
const calls: string[] = [];
const seen = new Map<string, number>();
const count = (what: string) => {
  seen.set(what, (seen.get(what) ?? 0) + 1);
  return seen.get(what) ?? 0;
};

function standIns(): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, answer: unknown, type = 'application/json') =>
        response.writeHead(status, { 'content-type': type }).end(JSON.stringify(answer));
      if (request.url?.startsWith('/health')) return send(200, {});
      calls.push(`${request.method} ${request.url} ${body}`);
      const url = new URL(request.url ?? '/', 'http://x');
      if (request.method === 'POST' && url.pathname === '/privacy/erasures') {
        const asked = JSON.parse(body) as Json;
        // Unavailable at first: the gateway must ask again.
        if (count(`erase ${asked.erasureId}`) === 1) return send(503, { type: 'x/service-unavailable' }, 'application/problem+json');
        if (asked.registrationId === unknownRegistration) {
          return send(
            404,
            { type: 'https://seminarwerk.example/problems/registration-not-found', status: 404 },
            'application/problem+json',
          );
        }
        const emails = count(`answered ${asked.erasureId}`) === 1 ? ['Anna.Meyer@oldenburg.example'] : [];
        return send(200, { registrationIds: anna.registrationIds, keyIds: anna.keyIds, emails });
      }
      if (request.method === 'POST' && url.pathname === '/privacy/erasures/reapply') {
        return send(200, { registrationIds: (JSON.parse(body) as Json).registrationIds });
      }
      if (request.method === 'GET' && url.pathname.startsWith('/privacy/erasures/')) {
        // "Not yet" at first: the gateway polls until it is.
        return send(200, { completed: count(request.url ?? '') > 1 });
      }
      send(404, { type: 'https://seminarwerk.example/problems/route-not-found' }, 'application/problem+json');
    });
  });
}

beforeAll(async () => {
  service = standIns();
  await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
  ({ db, url: dbUrl } = await gatewayDatabase('gateway_erasure'));
  const keys = apiKeys(db);
  const edge = edgeSettings(NO_LIMITS);
  secret = edge.principalSigningSecret;
  const upstreams = {
    catalogue: { name: 'catalogue', baseUrl },
    registration: { name: 'registration', baseUrl },
    invoicing: { name: 'invoicing', baseUrl },
    notification: { name: 'notification', baseUrl },
  };
  erasing = erasures(db.pool, signing(upstreams, secret), createLogger('gateway', 'silent'), { retryMs: 20, pollMs: 20 });
  app = createGateway({
    logger: createLogger('gateway', 'silent'),
    keys,
    idempotencyStore: idempotencyStore(db.pool, 24),
    upstreams,
    readiness: {},
    edge,
    erasures: erasing,
  });
  staffKey = (await keys.create({ name: 'staff', role: 'back-office' })).key;
  partnerKey = (await keys.create({ name: 'partner', role: 'partner', municipalityId: 'oldenburg' })).key;
});

afterAll(async () => {
  erasing?.stop();
  service?.closeAllConnections();
  service?.close();
  await db?.$disconnect();
});

const post = (body: unknown, key = staffKey) =>
  app.request('/v1/privacy/erasures', {
    method: 'POST',
    ...bearer(key, { 'idempotency-key': randomUUID(), 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  });
const get = (id: string, key = staffKey) => app.request(`/v1/privacy/erasures/${id}`, bearer(key));
const completion = (id: string) =>
  eventually(async () => {
    const erasure = (await (await get(id)).json()) as Json;
    expect(erasure.status).not.toBe('pending');
    return erasure;
  });

/** Every row of every table of the gateway's database, as text. */
async function everyRow(): Promise<string> {
  const { rows: tables } = await db.pool.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const texts = await Promise.all(
    tables.map(async ({ name }) => (await db.pool.query<{ t: string }>(`SELECT t::text AS t FROM ${name} t`)).rows.map((r) => r.t)),
  );
  return texts.flat().join('\n');
}

describe('an erasure, as the gateway carries it out', () => {
  it('has registration erase the person, removes its own copies, and completes when every service has confirmed', async () => {
    const ids = { annas: randomUUID(), bertas: randomUUID() };
    const services = JSON.stringify({ registration: 'completed', notification: 'completed', invoicing: 'completed' });
    // Anna's own access request and one whose export names her registration, and Berta's.
    for (const [id, email, exported] of [
      [ids.annas, anna.email.toUpperCase(), { registrationIds: anna.registrationIds }],
      [randomUUID(), 'x@oldenburg.example', { services: { registration: { registrationIds: [anna.registrationIds[1]] } } }],
      [ids.bertas, 'berta@oldenburg.example', { registrationIds: [randomUUID()] }],
    ] as const) {
      await db.pool.query(
        `INSERT INTO access_requests (id, email, status, requested_by, requested_by_key, services, export, completed_at)
         VALUES ($1, $2, 'completed', 'staff:test', $3, $4, $5, now())`,
        [id, email, randomUUID(), services, JSON.stringify(exported)],
      );
    }
    const record = (key: string, answer: string) =>
      db.pool.query(
        `INSERT INTO idempotency_records (api_key_id, key, request_hash, state, response_status, response_body, response_type, expires_at)
         VALUES ($1, $2, 'h', 'completed', 201, $3, 'application/json', now() + interval '1 day')`,
        [randomUUID(), key, Buffer.from(answer)],
      );
    await record('annas-registration', JSON.stringify({ id: randomUUID(), participant: { email: 'ANNA.MEYER@oldenburg.example' } }));
    await record('annas-cancellation', JSON.stringify({ id: anna.registrationIds[0], status: 'cancelled' }));
    await record('bertas-registration', JSON.stringify({ id: randomUUID(), participant: { email: 'berta@oldenburg.example' } }));

    const accepted = await post({ email: anna.email });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as Json;
    const done = await completion(id);
    expect(done).toEqual({
      id,
      status: 'completed',
      services: {
        registration: 'completed',
        notification: 'completed',
        invoicing: 'completed',
        catalogue: 'completed',
        gateway: 'completed',
      },
      registrations: 2,
      requestedAt: expect.any(String),
      completedAt: expect.any(String),
    });
    // Registration was asked again after its 503; each service was polled until it confirmed, for both registrations.
    expect(calls.filter((c) => c.startsWith('POST /privacy/erasures ')).map((c) => JSON.parse(c.split(' ').slice(2).join(' ')))).toEqual([
      { erasureId: id, email: anna.email },
      { erasureId: id, email: anna.email },
    ]);
    const polls = calls.filter((c) => c.startsWith(`GET /privacy/erasures/${id}?`));
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(polls[0]).toContain(`registrationIds=${anna.registrationIds.join('%2C')}`);

    const rows = (await everyRow()).toLowerCase();
    expect(rows).not.toContain('anna.meyer');
    expect(rows).toContain('berta@oldenburg.example');
    const { rows: kept } = await db.pool.query(
      `SELECT key FROM idempotency_records WHERE key LIKE '%registration' OR key LIKE '%cancellation'`,
    );
    expect(kept.map((r) => r.key)).toEqual(['bertas-registration']);
    const { rows: ledger } = await db.pool.query(
      `SELECT email, registration_id, registration_ids::text[] AS ids, key_ids FROM erasure_requests WHERE id = $1`,
      [id],
    );
    // The ledger: ids only. (Its registration ids are what the gateway keeps to apply the erasure again.)
    expect(ledger).toEqual([{ email: null, registration_id: null, ids: anna.registrationIds, key_ids: anna.keyIds }]);
  });

  it('ends as failed when the registration asked for is unknown, keeping nothing of what was asked', async () => {
    const accepted = await post({ registrationId: unknownRegistration });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as Json;
    const failed = await completion(id);
    expect(failed).toMatchObject({
      status: 'failed',
      services: { registration: 'pending' },
      failure: { type: 'https://seminarwerk.example/problems/registration-not-found', title: 'Not Found' },
    });
    expect(failed.completedAt).toBeUndefined();
    const { rows } = await db.pool.query(`SELECT registration_id FROM erasure_requests WHERE id = $1`, [id]);
    expect(rows).toEqual([{ registration_id: null }]);
  });

  it('refuses what is not exactly one address or registration id, other callers than the back office, and unknown ids', async () => {
    for (const body of [{}, { email: anna.email, registrationId: randomUUID() }, { email: 'not an address' }, { registrationId: 'x' }]) {
      const refused = await post(body);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await post({ email: anna.email }, partnerKey)).status).toBe(403);
    expect((await get(randomUUID(), partnerKey)).status).toBe(403);
    const unknown = await get(randomUUID());
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).type).toMatch(/\/erasure-not-found$/);
  });
});

describe('the erasure ledger', () => {
  it('is exported as JSON lines of ids, and re-applied by the command, also into a restored gateway database', async () => {
    const entries = await ledgerOf(db.pool);
    expect(entries).toEqual([expect.objectContaining({ registrationIds: anna.registrationIds, keyIds: anna.keyIds })]);
    const dir = mkdtempSync(join(tmpdir(), 'erasure-ledger-'));
    const file = join(dir, 'ledger.jsonl');
    const env = {
      ...process.env,
      REGISTRATION_URL: baseUrl,
      NOTIFICATION_URL: baseUrl,
      INVOICING_URL: baseUrl,
      PRINCIPAL_SIGNING_SECRET: secret,
      LOG_LEVEL: 'warn',
    };
    await run('npm', ['run', '--silent', 'privacy:export-erasure-ledger', '--', '--out', file], {
      cwd: repoRoot,
      env: { ...env, DATABASE_URL: dbUrl },
    });
    expect(readFileSync(file, 'utf8')).toBe(ledgerLines(entries));
    expect(readFileSync(file, 'utf8')).not.toContain('@');

    // A gateway database restored from before the erasure: the ledger file brings it back, and it is applied.
    const restored = await gatewayDatabase('gateway_erasure_restored');
    try {
      writeFileSync(file, `${readFileSync(file, 'utf8')}\n`);
      const { stdout } = await run('npm', ['run', '--silent', 'privacy:reapply-erasures', '--', '--ledger', file], {
        cwd: repoRoot,
        env: { ...env, DATABASE_URL: restored.url },
      });
      const [entry] = entries;
      expect(stdout).toContain('ledger: 1 erasures recorded');
      expect(stdout).toContain(`erasure ${entry?.erasureId}: reapplied to 2 registrations`);
      expect(stdout).not.toContain('@');
      expect(calls.filter((c) => c.startsWith('POST /privacy/erasures/reapply'))).toEqual([
        `POST /privacy/erasures/reapply ${JSON.stringify({ erasureId: entry?.erasureId, registrationIds: anna.registrationIds, keyIds: anna.keyIds })}`,
      ]);
      expect(await ledgerOf(restored.db.pool)).toEqual(entries);
    } finally {
      await restored.db.$disconnect();
    }
  });
});
