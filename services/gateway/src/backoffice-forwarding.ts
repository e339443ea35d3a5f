import type { OpenAPIHono } from '@hono/zod-openapi';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import type { Context } from 'hono';
import { Agent, request as undiciRequest } from 'undici';
import { bodyWithinLimit } from './edge/body-limit.ts';

/** The back-office web app's path on the gateway's origin (decisions.md 73). */
export const BACKOFFICE_PREFIX = '/backoffice';
export const isBackofficePath = (path: string) => path === BACKOFFICE_PREFIX || path.startsWith(`${BACKOFFICE_PREFIX}/`);

/**
 * What the browser's request may tell the app. Not `authorization` (an API key sent here is not the app's business),
 * not hop-by-hop headers; the app's own CSRF check needs `origin` and `sec-fetch-*`.
 */
const REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'cookie',
  'if-none-match',
  'if-modified-since',
  'origin',
  'referer',
  'sec-fetch-site',
  'sec-fetch-mode',
  'sec-fetch-dest',
  'user-agent',
];
/** Hop-by-hop, or recomputed by the server that answers the browser. */
const NOT_RELAYED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection']);

const app = new Agent({ keepAliveTimeout: 30_000 });

const UNAVAILABLE = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Backoffice nicht erreichbar</title></head>
<body><main><h1>Das Backoffice ist gerade nicht erreichbar</h1>
<p>Bitte versuchen Sie es in einigen Minuten noch einmal. Wenn es länger dauert, wenden Sie sich an die Administration.</p>
</main></body></html>`;

/**
 * `/backoffice` and everything under it goes to the back-office app byte for byte: method, path and query, body,
 * cookies, and the answer's status, Set-Cookie, Location and content type. Outside /v1: no API key, no idempotency
 * layer (the app has sessions and sends its own keys to /v1); inside the edge: the body limit and the answer headers
 * (which keep the app's own Content-Security-Policy, answer-headers.ts).
 */
export function backofficeForwarding(gateway: OpenAPIHono, options: { baseUrl: string; bodyLimitBytes: number; timeoutMs?: number }) {
  const limit = bodyWithinLimit(options.bodyLimitBytes);
  gateway.use(BACKOFFICE_PREFIX, limit);
  gateway.use(`${BACKOFFICE_PREFIX}/*`, limit);
  const handler = async (c: Context) => {
    const incoming = new URL(c.req.url);
    const headers: Record<string, string> = {};
    for (const name of REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    const trace = currentTrace();
    if (trace.requestId) headers[REQUEST_ID_HEADER] = trace.requestId;
    if (trace.correlationId) headers[CORRELATION_ID_HEADER] = trace.correlationId;
    const hasBody = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    try {
      const answer = await undiciRequest(new URL(`${incoming.pathname}${incoming.search}`, options.baseUrl), {
        method: c.req.method as 'GET',
        headers,
        body: hasBody ? new Uint8Array(await c.req.arrayBuffer()) : undefined,
        dispatcher: app,
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      const relayed = new Headers();
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value === undefined || NOT_RELAYED.has(name)) continue;
        for (const one of Array.isArray(value) ? value : [value]) relayed.append(name, one);
      }
      const body =
        c.req.method === 'HEAD' || answer.statusCode === 204 || answer.statusCode === 304 ? null : await answer.body.arrayBuffer();
      if (body === null) await answer.body.dump();
      return new Response(body, { status: answer.statusCode, headers: relayed });
    } catch {
      return c.html(UNAVAILABLE, 503, { 'retry-after': '30', 'cache-control': 'no-store' });
    }
  };
  gateway.all(BACKOFFICE_PREFIX, handler);
  gateway.all(`${BACKOFFICE_PREFIX}/*`, handler);
}
