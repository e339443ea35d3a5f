import { AppError, requestHeader } from '@seminarwerk/http';
import type { MiddlewareHandler } from 'hono';

const tooLarge = (limit: number) =>
  new AppError(413, 'body-too-large', `The request body is larger than ${limit} bytes`, { maxBytes: limit });

/** After a 413 the rest of the body is not wanted: closing the connection stops the client sending it. */
const CLOSE = 'close';

/**
 * The declared size, before anything else looks at the request: a `Content-Length` over the limit is answered 413 at
 * once, without reading a byte of the body (Node's parser never lets a body run past its declared length). The
 * connection is closed after the answer, so the client stops sending.
 */
export function declaredBodyLimit(limit: number): MiddlewareHandler {
  return (c, next) => {
    const length = requestHeader(c, 'content-length');
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined && Number(length) > limit) {
      c.header('connection', CLOSE);
      throw tooLarge(limit);
    }
    return next();
  };
}

/**
 * A body without a declared size (`Transfer-Encoding: chunked`) is read here, after authentication and the rate
 * limit, up to the limit and no further: one byte more is a 413 and the connection is closed. What was read stays
 * in memory for the route (at most `limit` bytes).
 */
export function streamedBodyLimit(limit: number): MiddlewareHandler {
  return async (c, next) => {
    if (requestHeader(c, 'transfer-encoding') === undefined || !c.req.raw.body) return next();
    const reader = c.req.raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        c.header('connection', CLOSE);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
    const body = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      body.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body });
    return next();
  };
}
