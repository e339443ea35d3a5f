import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** Seats change with every registration: caches may keep a public read this long (seconds). */
export const PUBLIC_MAX_AGE = 5;

/** A strong validator: the SHA-256 of the body's bytes. */
export const etagOf = (body: ArrayBuffer) => `"${createHash('sha256').update(new Uint8Array(body)).digest('base64url')}"`;

/** RFC 9110 13.1.2: `*`, or any listed tag equal under weak comparison (a `W/` prefix is ignored). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === etag);
}

interface CachedRead {
  body: ArrayBuffer;
  contentType: string;
  etag: string;
}

/** Bounds the micro-cache; public reads have few distinct URLs, so this is never reached in practice. */
const MAX_ENTRIES = 2000;

/**
 * Public catalogue answers kept for `freshMs`. A write through the gateway starts a new generation,
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
 * For public catalogue reads: a 200 to a GET gets `ETag` and `Cache-Control: public, max-age=5`; a
 * matching `If-None-Match` gets 304 without a body. The answer is the same with or without an API key,
 * so `public` is right even when one was sent. Anything else (errors, writes) passes untouched.
 *
 * Answers are also kept in memory for a short time and concurrent misses of one URL share one
 * upstream call, so a burst of catalogue reads costs the catalogue one query per URL and interval.
 * Seats come from registration events and must be current within a second: keep that time short.
 */
export function publicCaching(cache: CatalogueReadCache): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const generation = cache.generation();
    const key = `${generation} ${c.req.url}`;
    const kept = cache.fresh.get(key);
    // No await between looking for a pending call and registering ours: concurrent misses must see it.
    const waiting = cache.pending.get(key);
    let cached = kept && kept.until >= Date.now() ? kept.read : waiting ? await waiting : undefined;
    if (!cached) {
      const upstream = (async () => {
        await next();
        if (c.res.status !== 200) return undefined;
        const body = await c.res.clone().arrayBuffer();
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
    const headers = { etag: cached.etag, 'cache-control': `public, max-age=${PUBLIC_MAX_AGE}` };
    c.res = noneMatch(c.req.header('if-none-match'), cached.etag)
      ? new Response(null, { status: 304, headers })
      : new Response(cached.body, { status: 200, headers: { ...headers, 'content-type': cached.contentType } });
  };
}
