import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { forward, type Upstream } from './proxy.ts';

/** A service that does what `answer` says with every call: here, answering only partly or not at all. */
async function service(answer: (response: ServerResponse) => void): Promise<Upstream> {
  server = createServer((request, response) => {
    request.resume();
    answer(response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { name: 'registration', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
});

const call = (upstream: Upstream) =>
  forward(upstream, { method: 'GET', path: '/registrations', publicPath: '/v1/registrations', timeoutMs: 200 });

it('answers 503 service-unavailable when the service sends no answer within the timeout', async () => {
  const upstream = await service(() => {});
  await expect(call(upstream)).rejects.toEqual(expect.objectContaining({ status: 503, code: 'service-unavailable' }));
});

it('answers 503 service-unavailable when the service stops sending its body for longer than the timeout', async () => {
  const upstream = await service((response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('{"items":[');
  });
  await expect(call(upstream)).rejects.toEqual(expect.objectContaining({ status: 503, code: 'service-unavailable' }));
});

it('passes an answer on as it came', async () => {
  const upstream = await service((response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}'));
  const answer = await call(upstream);
  expect(answer.status).toBe(200);
  expect(new TextDecoder().decode(answer.body)).toBe('{"items":[]}');
});
