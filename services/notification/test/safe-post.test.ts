import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutboundOptions, safePost } from '../src/outbound/safe-post.ts';
import { isPublicAddress } from '../src/outbound/target-policy.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

let receiver: WebhookReceiver;
const allowLoopback: OutboundOptions = { allowedHosts: ['127.0.0.1'], timeoutMs: 2_000, maxBodyBytes: 1024 };
const nothingAllowed: OutboundOptions = { allowedHosts: [], timeoutMs: 2_000, maxBodyBytes: 1024 };

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe('outbound webhook requests', () => {
  it('refuses a loopback target, by address or by a name resolving to it, when it is not allowed, before connecting', async () => {
    const port = new URL(receiver.url).port;
    const before = receiver.connections();
    const byAddress = await safePost(`https://127.0.0.1:${port}/`, '{}', {}, nothingAllowed);
    const byName = await safePost(`https://localhost:${port}/`, '{}', {}, nothingAllowed);
    const mapped = await safePost(`https://[::ffff:127.0.0.1]:${port}/`, '{}', {}, nothingAllowed);
    expect(byAddress).toMatchObject({ kind: 'refused', error: expect.stringContaining('internal') });
    expect(byName).toMatchObject({ kind: 'refused', error: expect.stringContaining('internal') });
    expect(mapped).toMatchObject({ kind: 'refused' });
    // Each call returned only after deciding: a connection would have been counted by then.
    expect(receiver.connections()).toBe(before);
  });

  it('refuses plain http unless the host is allowed', async () => {
    const port = new URL(receiver.url).port;
    const before = receiver.connections();
    expect(await safePost(`http://127.0.0.1:${port}/`, '{}', {}, nothingAllowed)).toMatchObject({
      kind: 'refused',
      error: 'refused: must be https',
    });
    expect(receiver.connections()).toBe(before);
    expect(await safePost(`${receiver.url}/allowed`, '{}', {}, allowLoopback)).toMatchObject({ kind: 'answered', status: 200, body: 'ok' });
  });

  it('does not follow a redirect: the 3xx is the answer', async () => {
    receiver.answerNext('/moved', { status: 302, headers: { location: `${receiver.url}/elsewhere` } });
    const result = await safePost(`${receiver.url}/moved`, '{}', {}, allowLoopback);
    expect(result).toMatchObject({ kind: 'answered', status: 302 });
    expect(receiver.received.filter((w) => w.path === '/elsewhere')).toEqual([]);
  });

  it('resolves the host once and connects to the address it checked', async () => {
    const lookups: string[] = [];
    const result = await safePost(
      `http://partner.test:${new URL(receiver.url).port}/pinned`,
      '{"a":1}',
      {},
      {
        ...allowLoopback,
        allowedHosts: ['partner.test'],
        resolve: async (host) => {
          lookups.push(host);
          return [{ address: '127.0.0.1', family: 4 }];
        },
      },
    );
    // partner.test exists nowhere else: the request reached the receiver only through the pinned address.
    expect(result).toMatchObject({ kind: 'answered', status: 200 });
    expect(lookups).toEqual(['partner.test']);
    const [arrived] = receiver.received.filter((w) => w.path === '/pinned');
    expect(arrived?.headers.host).toBe(`partner.test:${new URL(receiver.url).port}`);
    expect(arrived?.body).toBe('{"a":1}');
  });

  it('refuses a name that resolves to a private address, without connecting to it', async () => {
    const result = await safePost(
      'https://rebind.test/',
      '{}',
      {},
      {
        ...nothingAllowed,
        resolve: async () => [{ address: '10.1.2.3', family: 4 }],
      },
    );
    expect(result).toMatchObject({ kind: 'refused' });
  });

  it('reads at most 1 KB of an answer, and gives up after the timeout', async () => {
    const big = createServer((_request, response) => {
      response.writeHead(500);
      response.write('ä'.repeat(4_000)); // two bytes each: the limit falls inside a character
    });
    const silent = createServer(() => {
      // never answers
    });
    await Promise.all([big, silent].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
    try {
      const port = (s: typeof big) => (s.address() as AddressInfo).port;
      const answer = await safePost(`http://127.0.0.1:${port(big)}/`, '{}', {}, allowLoopback);
      expect(answer).toMatchObject({ kind: 'answered', status: 500 });
      if (answer.kind !== 'answered') throw new Error('no answer');
      expect(Buffer.byteLength(answer.body)).toBe(1024);
      expect(answer.body).toBe('ä'.repeat(512));

      const timedOut = await safePost(`http://127.0.0.1:${port(silent)}/`, '{}', {}, { ...allowLoopback, timeoutMs: 300 });
      expect(timedOut).toMatchObject({ kind: 'unreachable', error: 'timeout after 300 ms' });
      expect(timedOut.durationMs).toBeGreaterThanOrEqual(290);
    } finally {
      for (const s of [big, silent]) {
        s.closeAllConnections();
        s.close();
      }
    }
  });

  it('knows which addresses are internal', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111']) expect(isPublicAddress(address), address).toBe(true);
  });
});
