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

/**
 * For public catalogue reads: a 200 to a GET gets `ETag` and `Cache-Control: public, max-age=5`; a
 * matching `If-None-Match` gets 304 without a body. The answer is the same with or without an API key,
 * so `public` is right even when one was sent. Anything else (errors, writes) passes untouched.
 */
export function publicCaching(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200) return;
    const etag = etagOf(await c.res.clone().arrayBuffer());
    const cacheControl = `public, max-age=${PUBLIC_MAX_AGE}`;
    if (noneMatch(c.req.header('if-none-match'), etag)) {
      c.res.headers.delete('content-length');
      c.res = new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } });
      return;
    }
    c.res.headers.set('etag', etag);
    c.res.headers.set('cache-control', cacheControl);
  };
}
