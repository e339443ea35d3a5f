import { createHash } from 'node:crypto';
import { requestHeader } from '@seminarwerk/http';
import type { Context, MiddlewareHandler } from 'hono';
import { principalIfAny } from './auth/middleware.ts';

/** Seats change with every registration: caches may keep a catalogue read this long (seconds). */
export const PUBLIC_MAX_AGE = 5;

/** A strong validator: the SHA-256 of the body's bytes. */
export const etagOf = (body: Uint8Array) => `"${createHash('sha256').update(body).digest('base64url')}"`;

/** RFC 9110 13.1.2: `*`, or any listed tag equal under weak comparison (a `W/` prefix is ignored). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === etag);
}

/**
 * Who an answer is for. Back-office staff may see more than the public (drafts), so their answers are
 * kept apart and are private to them; everyone else, with a partner key or none, gets the public answer.
 */
export type Audience = 'public' | 'back-office';
export const audienceOf = (c: Context): Audience => (principalIfAny(c)?.kind === 'back-office' ? 'back-office' : 'public');

/**
 * RFC 9111: `private` keeps a back-office answer out of shared caches; `Vary` on both keeps a cache from handing
 * one audience's answer to a request with another key or none.
 */
const cachingHeaders: Record<Audience, Readonly<Record<string, string>>> = {
  public: { 'cache-control': `public, max-age=${PUBLIC_MAX_AGE}`, vary: 'Authorization' },
  'back-office': { 'cache-control': `private, max-age=${PUBLIC_MAX_AGE}`, vary: 'Authorization' },
};

/** One answer as kept: the bytes (not an ArrayBuffer, so Node writes them without a web stream) and its ETag, hashed once. */
interface CachedRead {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
}

/**
 * The bytes of answers built from bytes in hand (a relayed service answer, forwarding.ts). The cache takes them from
 * here: reading them back from the answer would make @hono/node-server build a web Response and a stream for it,
 * which costs more than the rest of a cache miss.
 */
const bytesOfAnswer = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/** `response`, whose body is `body`, for the cache to take without reading it. */
export function withBytes(response: Response, body: Uint8Array<ArrayBuffer>): Response {
  bytesOfAnswer.set(response, body);
  return response;
}

/** The body `withBytes` gave `response`, if it did: also what the idempotency record keeps (idempotency.ts). */
export const bytesOf = (response: Response): Uint8Array<ArrayBuffer> | undefined => bytesOfAnswer.get(response);

/**
 * Requests a cache already handles. `/v1/offerings` and `/v1/offerings/*` both match `/v1/offerings`: the first cache
 * answers, the second passes the request on (it would only hash and keep the same bytes again).
 */
const handled = new WeakSet<Context>();

/** Bounds the micro-cache; catalogue reads have few distinct URLs, so this is never reached in practice. */
const MAX_ENTRIES = 2000;

/**
 * Catalogue answers kept for `freshMs`. A write through the gateway starts a new generation,
 * so nobody reads an answer older than their own write (reads that started before it are not kept).
 */
export function catalogueReadCache(freshMs = 250) {
  let generation = 0;
  return {
    freshMs,
    fresh: new Map<string, { read: CachedRead; until: number }>(),
    pending: new Map<string, Promise<CachedRead | undefined>>(),
    generation: () => generation,
    forget() {
      generation += 1;
      this.fresh.clear();
    },
  };
}
export type CatalogueReadCache = ReturnType<typeof catalogueReadCache>;

/**
 * For catalogue reads: a 200 to a GET gets `ETag` and `Cache-Control: public, max-age=5` (back office:
 * `private, max-age=5` and `Vary: Authorization`, see audienceOf); a matching `If-None-Match` gets 304
 * without a body. Anything else (errors, writes) passes untouched.
 *
 * Answers are also kept in memory for a short time, per audience and URL, and concurrent misses of one
 * key share one upstream call, so a burst of catalogue reads costs the catalogue one query per URL and
 * interval. Seats come from registration events and must be current within a second: keep that time short.
 */
export function publicCaching(cache: CatalogueReadCache): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' || handled.has(c)) return next();
    handled.add(c);
    const audience = audienceOf(c);
    const generation = cache.generation();
    const key = `${generation} ${audience} ${c.req.url}`;
    const kept = cache.fresh.get(key);
    if (kept && kept.until >= Date.now()) {
      replaceAnswer(c, answer(c, kept.read, audience));
      return;
    }
    // No await between looking for a pending call and registering ours: concurrent misses must see it.
    const waiting = cache.pending.get(key);
    let cached = waiting ? await waiting : undefined;
    if (!cached) {
      const upstream = (async () => {
        await next();
        if (c.res.status !== 200) return undefined;
        const body = bytesOf(c.res) ?? new Uint8Array(await c.res.arrayBuffer());
        return { body, contentType: c.res.headers.get('content-type') ?? 'application/json', etag: etagOf(body) };
      })();
      cache.pending.set(key, upstream);
      try {
        cached = await upstream;
      } finally {
        cache.pending.delete(key);
      }
      if (!cached) return; // errors pass through untouched and are not kept
      if (cache.freshMs > 0 && cache.generation() === generation) {
        if (cache.fresh.size >= MAX_ENTRIES) cache.fresh.clear();
        cache.fresh.set(key, { read: cached, until: Date.now() + cache.freshMs });
      }
    }
    replaceAnswer(c, answer(c, cached, audience));
  };
}

/**
 * Sets the answer. `c.res = response` over an answer already set rebuilds `response` from its body as a web stream
 * to copy the old answer's headers onto it; `answer` built it with those headers already (Hono's `c.body` starts from
 * them), so the old answer goes first and the new one stays bytes that the Node adapter writes as they are.
 */
function replaceAnswer(c: Context, response: Response): void {
  c.res = undefined;
  c.res = response;
}

/**
 * 304 to a matching If-None-Match, else the kept bytes; with headers set earlier (e.g. the request id).
 * The 304 names the content type too: without one, the Node adapter would add `text/plain`, and caches
 * take a 304's headers over into what they keep (RFC 9111 4.3.4).
 */
function answer(c: Context, read: CachedRead, audience: Audience): Response {
  const headers = { ...cachingHeaders[audience], etag: read.etag, 'content-type': read.contentType };
  return noneMatch(requestHeader(c, 'if-none-match'), read.etag) ? c.body(null, 304, headers) : c.body(read.body, 200, headers);
}
