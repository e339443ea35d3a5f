import { createApp } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { expect, it } from 'vitest';
import { type ApiKeys, type Caller, hashKey } from './auth/api-keys.ts';
import { authenticate, principalIfAny } from './auth/middleware.ts';
import { catalogueReadCache, publicCaching, withBytes } from './caching.ts';
import { tokenBuckets } from './edge/rate-limit.ts';

const callers: Record<string, Caller> = {
  [hashKey('staff')]: {
    role: 'back-office',
    scopes: null,
    delegates: false,
    principal: { kind: 'back-office', actor: 'key:staff', keyId: 'staff' },
  },
  [hashKey('celle')]: {
    role: 'partner',
    scopes: null,
    delegates: false,
    principal: { kind: 'municipality', municipalityId: 'celle', keyId: 'celle' },
  },
};
const keys = { remembered: (hash: string) => callers[hash], lookUp: async (hash: string) => callers[hash] ?? null } as unknown as ApiKeys;
const unlimited = { perSecond: 1e9, burst: 1e9 };
const gate = {
  keys,
  buckets: tokenBuckets(),
  trustedProxies: new Set<string>(),
  policies: {
    partner: { name: 'partner', ...unlimited },
    'back-office': { name: 'back-office', ...unlimited },
    anonymous: { name: 'anonymous', ...unlimited },
  },
} as const;
const withKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } });

/** The gateway's middleware in its order; the route answers like the catalogue, which shows drafts to the back office. */
function appCountingUpstreamCalls(freshMs: number) {
  const cache = catalogueReadCache(freshMs);
  let calls = 0;
  let seats = 5;
  const app = createApp({ service: 'gateway', logger: createLogger('gateway', 'silent') });
  app.use(authenticate(gate));
  app.use('/offerings', publicCaching(cache));
  app.get('/offerings', async (c) => {
    calls += 1;
    await new Promise((r) => setTimeout(r, 20));
    return c.json({ seats, drafts: principalIfAny(c)?.kind === 'back-office' });
  });
  return { app, cache, calls: () => calls, setSeats: (n: number) => (seats = n) };
}

it('answers a burst of identical public reads with one upstream call', async () => {
  const { app, calls } = appCountingUpstreamCalls(60_000);
  const answers = await Promise.all(Array.from({ length: 20 }, () => app.request('/offerings')));
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1);
  expect(calls()).toBe(1);
});

it('serves nothing older than a write made through the gateway', async () => {
  const { app, cache, calls, setSeats } = appCountingUpstreamCalls(60_000);
  expect(await (await app.request('/offerings')).json()).toEqual({ seats: 5, drafts: false });
  setSeats(4);
  cache.forget();
  expect(await (await app.request('/offerings')).json()).toEqual({ seats: 4, drafts: false });
  expect(calls()).toBe(2);
});

it('answers a matching If-None-Match with 304 and no body, naming the content type', async () => {
  const { app } = appCountingUpstreamCalls(0);
  const first = await app.request('/offerings');
  const again = await app.request('/offerings', { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
  expect(again.headers.get('content-type')).toBe('application/json');
});

it('sends the same headers whether the answer was kept, waited for or fetched', async () => {
  const { app, calls } = appCountingUpstreamCalls(60_000);
  const [fetched, waited] = await Promise.all([app.request('/offerings'), app.request('/offerings')]);
  const kept = await app.request('/offerings');
  expect(calls()).toBe(1);
  const headers = (r: Response) => Object.fromEntries([...r.headers].filter(([name]) => name !== 'content-length'));
  expect(headers(fetched)).toEqual({
    'cache-control': 'public, max-age=5',
    'content-type': 'application/json',
    etag: expect.stringMatching(/^"[\w-]{43}"$/),
    vary: 'Authorization',
    'x-request-id': expect.any(String),
  });
  expect(headers(waited)).toEqual({ ...headers(fetched), 'x-request-id': expect.any(String) });
  expect(headers(kept)).toEqual({ ...headers(fetched), 'x-request-id': expect.any(String) });
  expect(new Set([fetched, waited, kept].map((r) => r.headers.get('x-request-id'))).size).toBe(3);
});

it('keeps what the back office sees apart from the public answer, and private to them', async () => {
  const { app, calls } = appCountingUpstreamCalls(60_000);
  const anyone = await app.request('/offerings');
  const staff = await app.request('/offerings', withKey('staff'));
  expect(await anyone.json()).toEqual({ seats: 5, drafts: false });
  expect(await staff.json()).toEqual({ seats: 5, drafts: true });
  expect(anyone.headers.get('cache-control')).toBe('public, max-age=5');
  expect(anyone.headers.get('vary')).toBe('Authorization');
  expect(staff.headers.get('cache-control')).toBe('private, max-age=5');
  expect(staff.headers.get('vary')).toBe('Authorization');
  expect(calls()).toBe(2);

  // From the cache now: a partner key reads the public answer, the back office its own, 304 included.
  expect(await (await app.request('/offerings', withKey('celle'))).json()).toEqual({ seats: 5, drafts: false });
  expect(await (await app.request('/offerings')).json()).toEqual({ seats: 5, drafts: false });
  expect(await (await app.request('/offerings', withKey('staff'))).json()).toEqual({ seats: 5, drafts: true });
  const notModified = await app.request('/offerings', {
    headers: { ...withKey('staff').headers, 'if-none-match': staff.headers.get('etag') ?? '' },
  });
  expect(notModified.status).toBe(304);
  expect(notModified.headers.get('cache-control')).toBe('private, max-age=5');
  expect(notModified.headers.get('vary')).toBe('Authorization');
  expect(calls()).toBe(2);
});

it('refuses an unknown key even when the answer is kept', async () => {
  const { app } = appCountingUpstreamCalls(60_000);
  expect((await app.request('/offerings')).status).toBe(200);
  const refused = await app.request('/offerings', withKey('revoked'));
  expect(refused.status).toBe(401);
  expect(await refused.json()).toMatchObject({ type: 'https://seminarwerk.example/problems/invalid-api-key' });
});

it('keeps and answers a binary read byte for byte, fetched and kept alike', async () => {
  const cache = catalogueReadCache(60_000);
  // Bytes that are not valid UTF-8: decoding them as text anywhere on the way would change them.
  const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0xfe, 0x80]);
  const app = createApp({ service: 'gateway', logger: createLogger('gateway', 'silent') });
  app.use('/file', publicCaching(cache));
  app.get('/file', (c) => c.body(bytes.slice(), 200, { 'content-type': 'application/octet-stream' }));
  const fetched = await app.request('/file');
  const kept = await app.request('/file');
  for (const answer of [fetched, kept]) {
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(bytes);
  }
});

it('keeps a read that two path patterns match once, in the first cache, and answers it from there', async () => {
  const outer = catalogueReadCache(60_000);
  const inner = catalogueReadCache(60_000);
  let calls = 0;
  const app = createApp({ service: 'gateway', logger: createLogger('gateway', 'silent') });
  app.use('/offerings', publicCaching(outer));
  app.use('/offerings/*', publicCaching(inner));
  const page = new TextEncoder().encode('{"items":[]}');
  app.get('/offerings', (c) => {
    calls += 1;
    return withBytes(c.body(page, 200, { 'content-type': 'application/json' }), page);
  });
  const first = await app.request('/offerings?limit=5');
  const second = await app.request('/offerings?limit=5');
  expect([first.status, await first.text(), await second.text()]).toEqual([200, '{"items":[]}', '{"items":[]}']);
  expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  expect([calls, outer.fresh.size, inner.fresh.size]).toEqual([1, 1, 0]);
  const revalidated = await app.request('/offerings?limit=5', { headers: { 'if-none-match': first.headers.get('etag') as string } });
  expect(revalidated.status).toBe(304);
});
