import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { catalogueReadCache, publicCaching } from './caching.ts';

function appCountingUpstreamCalls(freshMs: number) {
  const cache = catalogueReadCache(freshMs);
  let calls = 0;
  let seats = 5;
  const app = new Hono();
  app.use('/offerings', publicCaching(cache));
  app.get('/offerings', async (c) => {
    calls += 1;
    await new Promise((r) => setTimeout(r, 20));
    return c.json({ seats });
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
  expect(await (await app.request('/offerings')).json()).toEqual({ seats: 5 });
  setSeats(4);
  cache.forget();
  expect(await (await app.request('/offerings')).json()).toEqual({ seats: 4 });
  expect(calls()).toBe(2);
});

it('answers a matching If-None-Match with 304 and no body', async () => {
  const { app } = appCountingUpstreamCalls(0);
  const first = await app.request('/offerings');
  const again = await app.request('/offerings', { headers: { 'if-none-match': first.headers.get('etag') ?? '' } });
  expect(again.status).toBe(304);
  expect(await again.text()).toBe('');
});
