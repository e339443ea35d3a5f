import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db.ts';
import { clientAddress, rateLimitKeyOf } from '../src/edge/client-address.ts';
import { tokenBuckets } from '../src/edge/rate-limit.ts';
import { OPENAPI_PATH } from '../src/routes/docs.ts';
import { edgeGateway, edgeSettings, gatewayDatabase } from './edge-gateway.ts';

/**
 * Rate limits driven by a clock the test moves: 1 request a second with bursts of 3 for everyone, so the fourth
 * request at once is refused and one second later one more is served. No timing of real requests is involved.
 */

let db: Db;
let app: OpenAPIHono;
let partnerKey: string;
let now = 0;

/** The socket's peer as Node reports it (app.request has no socket of its own). */
const from = (address: string, headers: Record<string, string> = {}) => ({
  incoming: { socket: { remoteAddress: address }, rawHeaders: Object.entries(headers).flat() },
});
const get = (path: string, address: string, headers: Record<string, string> = {}) => app.request(path, { headers }, from(address, headers));

beforeAll(async () => {
  ({ db } = await gatewayDatabase('gateway_rate_limits'));
  const tight = {
    RATE_LIMIT_PARTNER_PER_SECOND: '1',
    RATE_LIMIT_PARTNER_BURST: '3',
    RATE_LIMIT_BACKOFFICE_PER_SECOND: '1',
    RATE_LIMIT_BACKOFFICE_BURST: '3',
    RATE_LIMIT_ANONYMOUS_PER_SECOND: '1',
    RATE_LIMIT_ANONYMOUS_BURST: '3',
    TRUSTED_PROXIES: '10.0.0.2',
  };
  const gateway = edgeGateway(db, edgeSettings(tight, { buckets: tokenBuckets({ now: () => now }) }));
  app = gateway.app;
  partnerKey = (await gateway.keys.create({ name: 'oldenburg', role: 'partner', municipalityId: 'oldenburg' })).key;
});

afterAll(async () => {
  await db?.$disconnect();
});

describe('token buckets', () => {
  it('refuses the request after the burst with 429, Retry-After and the RateLimit headers, and serves the next window', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(OPENAPI_PATH, '192.0.2.1'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('ratelimit'))).toEqual([
      '"anonymous";r=2;t=1',
      '"anonymous";r=1;t=2',
      '"anonymous";r=0;t=3',
      '"anonymous";r=0;t=3',
    ]);
    for (const answer of answers) expect(answer.headers.get('ratelimit-policy')).toBe('"anonymous";q=3;w=3');

    const refused = answers[3] as Response;
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ status: 429, type: expect.stringMatching(/rate-limited$/), retryAfterSeconds: 1 });

    now += 1000; // the Retry-After later
    const next = await get(OPENAPI_PATH, '192.0.2.1');
    expect(next.status).toBe(200);
    expect(next.headers.get('ratelimit')).toBe('"anonymous";r=0;t=3');
  });

  it('counts per API key, not per address, for callers with a key', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await get('/v1/api-keys', `198.51.100.${i}`, { authorization: `Bearer ${partnerKey}` })).status);
    // 403: the partner may not list keys, but was counted; the fourth is over the partner's burst.
    expect(statuses).toEqual([403, 403, 403, 429]);
    const other = await get(OPENAPI_PATH, '198.51.100.9');
    expect(other.status).toBe(200);
  });

  it('counts unknown keys against the address, and stops looking them up once it is used up', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await get(OPENAPI_PATH, '203.0.113.7', { authorization: `Bearer sw_live_nope00_${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('the client address', () => {
  it('ignores X-Forwarded-For from anyone but a trusted proxy', async () => {
    const spoofed = [];
    for (let i = 0; i < 4; i++) spoofed.push((await get(OPENAPI_PATH, '192.0.2.50', { 'x-forwarded-for': `192.0.2.${100 + i}` })).status);
    expect(spoofed).toEqual([200, 200, 200, 429]);

    const behindProxy = [];
    for (let i = 0; i < 4; i++) behindProxy.push((await get(OPENAPI_PATH, '10.0.0.2', { 'x-forwarded-for': `192.0.2.${200 + i}` })).status);
    expect(behindProxy).toEqual([200, 200, 200, 200]);
  });

  it('reads the forwarded chain from the right, past trusted proxies only', () => {
    const context = (peer: string, forwarded: string) =>
      ({ env: from(peer, { 'x-forwarded-for': forwarded }), req: { header: () => undefined } }) as never;
    const trusted = new Set(['10.0.0.2', '10.0.0.3']);
    expect(clientAddress(context('10.0.0.2', '6.6.6.6, 192.0.2.1, 10.0.0.3'), trusted)).toBe('192.0.2.1');
    expect(clientAddress(context('::ffff:192.0.2.9', '6.6.6.6'), trusted)).toBe('192.0.2.9');
    expect(clientAddress(context('10.0.0.2', ''), trusted)).toBe('10.0.0.2');
  });

  it('counts an IPv6 client by its /64', () => {
    expect(rateLimitKeyOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKeyOf('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe('the buckets themselves', () => {
  it('are bounded: the least recently used go first, and a dropped bucket was full anyway once idle', () => {
    let clock = 0;
    const buckets = tokenBuckets({ maxBuckets: 2, now: () => clock });
    const policy = { name: 'anonymous', perSecond: 1, burst: 1 } as const;
    for (const address of ['a', 'b', 'c']) expect(buckets.take(address, policy).allowed).toBe(true);
    expect(buckets.size).toBe(2);
    expect(buckets.take('c', policy).allowed).toBe(false);
    clock += 1000;
    expect(buckets.take('c', policy).allowed).toBe(true);
  });
});
