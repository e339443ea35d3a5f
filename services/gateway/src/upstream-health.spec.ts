import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@seminarwerk/logging';
import { eventually } from '@seminarwerk/testing';
import { afterEach, expect, it } from 'vitest';
import { type UpstreamMonitor, upstreamMonitor } from './upstream-health.ts';

/** A service whose readiness answers only once `answering` is true; until then its checks time out. */
async function service(): Promise<{ url: string; server: Server; checks: () => number; answer: () => void }> {
  let answering = false;
  let checks = 0;
  const server = createServer((_request, response) => {
    checks++;
    if (answering) response.end('{"status":"ready"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    checks: () => checks,
    answer: () => {
      answering = true;
    },
  };
}

let monitor: UpstreamMonitor | undefined;
let server: Server | undefined;
afterEach(() => {
  monitor?.stop();
  server?.closeAllConnections();
  server?.close();
});

it('counts a slow service as down only after several checks in a row time out, and as up once it answers', async () => {
  const slow = await service();
  server = slow.server;
  // How many checks the service had received when the monitor declared it down.
  let checksWhenDown: number | undefined;
  const logger = { warn: () => (checksWhenDown ??= slow.checks()), info: () => undefined } as unknown as Logger;
  monitor = upstreamMonitor({
    upstreams: [{ name: 'registration', baseUrl: slow.url }],
    logger,
    intervalMs: 20,
    timeoutMs: 50,
    slowChecksUntilDown: 3,
  });
  const health = monitor.of('registration');
  await eventually(() => expect(health.isDown()).toBe(true));
  expect(checksWhenDown).toBeGreaterThanOrEqual(3);
  slow.answer();
  await eventually(() => expect(health.isDown()).toBe(false));
});
