import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { requestHeader } from './request-header.ts';

/** What a handler reads through requestHeader and through c.req.header, for the same request. */
async function readBoth(rawHeaders: string[], names: string[], env: 'node' | 'none' = 'node', web = rawHeaders) {
  const app = new Hono();
  app.get('/', (c) => c.json(names.map((name) => [requestHeader(c, name) ?? null, c.req.header(name) ?? null])));
  const headers = new Headers();
  for (let i = 0; i < web.length; i += 2) headers.append(web[i] as string, web[i + 1] as string);
  const bindings = env === 'node' ? { incoming: { rawHeaders } } : undefined;
  return (await (await app.request('/', { headers }, bindings)).json()) as [string | null, string | null][];
}

it("reads a header from Node's message as the web Headers give it: any case, repeats joined", async () => {
  const raw = ['Host', 'gateway', 'X-Request-Id', 'r-1', 'authorization', 'Bearer k', 'If-None-Match', '"a"', 'if-none-match', 'W/"b"'];
  const read = await readBoth(raw, ['x-request-id', 'authorization', 'if-none-match', 'x-correlation-id']);
  expect(read).toEqual([
    ['r-1', 'r-1'],
    ['Bearer k', 'Bearer k'],
    ['"a", W/"b"', '"a", W/"b"'],
    [null, null],
  ]);
});

it('falls back to the web Headers without a Node message (tests, other runtimes)', async () => {
  expect(await readBoth(['X-Request-Id', 'r-2'], ['x-request-id'], 'none')).toEqual([['r-2', 'r-2']]);
});

it("takes Node's message when there is one", async () => {
  expect(await readBoth(['X-Request-Id', 'from-node'], ['x-request-id'], 'node', [])).toEqual([['from-node', null]]);
});
