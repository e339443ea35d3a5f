import { connect, type Socket } from 'node:net';
import { type RunningServer, startServer } from '@seminarwerk/http';
import { checkedFetch } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db.ts';
import { HTML_POLICY } from '../src/edge/answer-headers.ts';
import { bearer, edgeGateway, edgeSettings, gatewayDatabase, NO_LIMITS } from './edge-gateway.ts';

/** The gateway's edge on a real socket: body limit, headers of every answer, the reference page without the internet. */

let db: Db;
let server: RunningServer;
let staffKey: string;

const LIMIT = 256 * 1024;
const TEN_MB = 10 * 1024 * 1024;

beforeAll(async () => {
  ({ db } = await gatewayDatabase('gateway_edge'));
  const { app, keys } = edgeGateway(db, edgeSettings({ ...NO_LIMITS, PUBLIC_BASE_URL: 'https://api.seminarwerk.example' }));
  staffKey = (await keys.create({ name: 'staff', role: 'back-office' })).key;
  server = await startServer(app, 0);
});

afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
});

/**
 * Sends `head` and then the body in 64 KiB pieces, each once the previous has left, until the gateway answers or
 * `total` bytes are sent. Returns how much was sent when the answer came, and the answer's status line and headers.
 */
async function sendUntilAnswered(head: string, piece: (n: number) => Buffer, total: number) {
  const socket: Socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let answer = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('latin1');
  });
  socket.on('close', () => {
    closed = true;
  });
  socket.on('error', () => {}); // the gateway may close while we still write: that is the point
  socket.write(head);
  let sent = 0;
  for (let n = 0; sent < total && !answer && !closed; n++) {
    const bytes = piece(n);
    const flushed = socket.write(bytes);
    sent += bytes.length;
    // Wait until the piece has left, or the gateway answers (it may stop reading, so 'drain' may never come).
    await new Promise<void>((resolve) => {
      if (flushed) return setImmediate(resolve);
      const done = () => {
        socket.off('drain', done);
        socket.off('data', done);
        socket.off('close', done);
        resolve();
      };
      socket.once('drain', done);
      socket.once('data', done);
      socket.once('close', done);
    });
  }
  const deadline = Date.now() + 5000;
  while (!answer.includes('\r\n\r\n') && !closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  const sentWhenAnswered = sent;
  // The gateway closes the connection soon after the 413 (the rest of the body is discarded meanwhile, never kept).
  while (!closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  socket.destroy();
  return { sentWhenAnswered, answer, closed };
}

const postHead = (extra: string) =>
  `POST /v1/registrations HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer ${staffKey}\r\nIdempotency-Key: big\r\nContent-Type: application/json\r\n${extra}\r\n`;
const PIECE = Buffer.alloc(64 * 1024, 0x20);

describe('the request body limit', () => {
  it('answers a declared 10 MB body with 413 before reading it, and soon closes the connection', async () => {
    const { sentWhenAnswered, answer, closed } = await sendUntilAnswered(postHead(`Content-Length: ${TEN_MB}\r\n`), () => PIECE, TEN_MB);
    expect(answer, JSON.stringify({ sentWhenAnswered, closed })).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain('content-type: application/problem+json');
    expect(answer).toContain('body-too-large');
    expect(sentWhenAnswered).toBeLessThan(TEN_MB / 4);
    expect(closed).toBe(true);
  });

  it('reads a streamed (chunked) body only up to the limit', async () => {
    const chunk = () => Buffer.concat([Buffer.from(`${PIECE.length.toString(16)}\r\n`), PIECE, Buffer.from('\r\n')]);
    // A little over the limit and never the last chunk: the answer must come although the body has not ended. (A
    // client still sending megabytes after the answer can lose it to the reset that ends the server's short drain,
    // on a busy machine; the declared 10 MB above shows the early answer to a big body.)
    const overLimit = LIMIT + 4 * PIECE.length;
    const { sentWhenAnswered, answer, closed } = await sendUntilAnswered(postHead('Transfer-Encoding: chunked\r\n'), chunk, overLimit);
    expect(answer, JSON.stringify({ sentWhenAnswered, closed })).toMatch(/^HTTP\/1\.1 413 /);
    expect(sentWhenAnswered).toBeGreaterThan(LIMIT);
    expect(closed).toBe(true);
  });

  it('lets a body within the limit through, and authenticates before the body is parsed', async () => {
    const within = await checkedFetch(new URL('/v1/registrations', server.url), {
      method: 'POST',
      ...bearer(staffKey, { 'idempotency-key': 'small', 'content-type': 'application/json' }),
      body: JSON.stringify({ padding: 'x'.repeat(LIMIT - 100) }),
    });
    expect(within.status).toBe(400); // read and validated: not a registration
    const anonymous = await checkedFetch(new URL('/v1/registrations', server.url), {
      method: 'POST',
      headers: { 'idempotency-key': 'k', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('headers of every answer', () => {
  const securityHeaders = (response: Response) => ({
    nosniff: response.headers.get('x-content-type-options'),
    referrer: response.headers.get('referrer-policy'),
    poweredBy: response.headers.get('x-powered-by'),
    csp: response.headers.get('content-security-policy'),
    hsts: response.headers.get('strict-transport-security'),
  });

  it('are set on JSON, problems, HTML and files alike', async () => {
    const answers = await Promise.all(
      ['/v1/openapi.json', '/v1/nowhere', '/health/live', '/docs', '/v1/offerings'].map((path) => checkedFetch(new URL(path, server.url))),
    );
    for (const answer of answers) {
      expect(securityHeaders(answer), answer.url).toMatchObject({
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        poweredBy: null,
        hsts: 'max-age=31536000', // PUBLIC_BASE_URL is https
      });
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
    expect(answers[3]?.headers.get('content-security-policy')).toBe(HTML_POLICY);
  });

  it('say no-store on personal data, and leave the catalogue cacheable', async () => {
    for (const path of ['/v1/api-keys', '/v1/registrations', '/v1/invoices', '/v1/notifications/deliveries']) {
      expect((await checkedFetch(new URL(path, server.url), bearer(staffKey))).headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await fetch(new URL('/v1/openapi.json', server.url))).headers.get('cache-control')).not.toBe('no-store');
  });

  it('carry a request id of our own when the client sends one that is too long', async () => {
    const answer = await fetch(new URL('/health/live', server.url), { headers: { 'x-request-id': 'r'.repeat(500) } });
    expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('the reference page', () => {
  it('loads everything from the gateway itself, so it works without the internet', async () => {
    const page = await fetch(new URL('/docs', server.url));
    expect(page.status).toBe(200);
    const html = await page.text();
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(references.length).toBeGreaterThanOrEqual(3);
    expect(references.filter((ref) => !ref.startsWith('/'))).toEqual([]);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script>(?!<)/); // no inline script: the CSP allows none
    for (const ref of references) {
      const asset = await fetch(new URL(ref, server.url));
      expect(asset.status, ref).toBe(200);
      expect(asset.headers.get('cache-control'), ref).toContain('immutable');
    }
    const init = await (await fetch(new URL(references.find((r) => r.endsWith('init.js')) as string, server.url))).text();
    expect(init).toContain('/v1/openapi.json');
    expect(init).toContain('validatorUrl: null'); // Swagger UI would ask an online validator otherwise
  });

  it('names the public base URL as the server in the OpenAPI document', async () => {
    const document = (await (await fetch(new URL('/v1/openapi.json', server.url))).json()) as { servers?: { url: string }[] };
    expect(document.servers).toEqual([{ url: 'https://api.seminarwerk.example' }]);
  });
});
