import { checkedFetch, eventually, type SmtpTestServer, startSmtpServer, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

let smtp: SmtpTestServer;
let system: TestSystem;

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url, services: ['catalogue', 'gateway'] });
});

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

const upstreams = async () =>
  ((await (await fetch(`${system.gatewayUrl}/health/ready`)).json()) as { upstreams: Record<string, string> }).upstreams;

it('answers 503 with Retry-After at once for a route whose service is down, and serves it again once it is back', async () => {
  const seminars = `${system.gatewayUrl}/v1/seminars`;
  expect((await checkedFetch(seminars)).status).toBe(200);
  expect((await upstreams()).catalogue).toBe('up');

  await system.processes.catalogue?.stop();
  await eventually(async () => expect((await upstreams()).catalogue).toBe('down'));
  const refused = await checkedFetch(seminars);
  expect(refused.status).toBe(503);
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(refused.headers.get('content-type')).toBe('application/problem+json');
  expect(await refused.json()).toMatchObject({ type: expect.stringMatching(/service-unavailable$/), status: 503, retryAfterSeconds: 1 });

  system.processes.catalogue?.start();
  await eventually(async () => expect((await checkedFetch(seminars)).status).toBe(200), { timeoutMs: 90_000, intervalMs: 250 });
  await eventually(async () => expect((await upstreams()).catalogue).toBe('up'));
});

it('names in its readiness the services that do not answer (never started here)', async () => {
  const ready = await fetch(`${system.gatewayUrl}/health/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({
    status: 'ready',
    checks: { database: 'ok' },
    upstreams: { catalogue: 'up', registration: 'down', invoicing: 'down', notification: 'down' },
  });
});
