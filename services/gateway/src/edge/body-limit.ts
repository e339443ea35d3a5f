import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import { AppError, requestHeader } from '@seminarwerk/http';
import type { Context, MiddlewareHandler } from 'hono';

const tooLarge = (limit: number) =>
  new AppError(413, 'body-too-large', `The request body is larger than ${limit} bytes`, { maxBytes: limit });

/**
 * What happens to the rest of a refused body: @hono/node-server reads and discards it for at most 500 ms (and 64 MB)
 * after the answer, then closes the connection. Closing at once would make the client's TCP stack drop the 413 it
 * has not read yet (a reset discards received data), so the client would never learn why.
 */

/**
 * The declared size, before anything else looks at the request: a `Content-Length` over the limit is answered 413 at
 * once, without reading a byte of the body (Node's parser never lets a body run past its declared length).
 */
export function declaredBodyLimit(limit: number): MiddlewareHandler {
  return (c, next) => {
    const length = requestHeader(c, 'content-length');
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined && Number(length) > limit) throw tooLarge(limit);
    return next();
  };
}

/**
 * Every request body is read here, once, after authentication and the rate limit, and kept in Hono's body cache:
 * the idempotency layer hashes it and the route's validator parses it from there. A body without a declared size
 * (`Transfer-Encoding: chunked`) is read up to the limit and no further: one byte more is a 413. What was read stays
 * in memory for the route (at most `limit` bytes). Read from Node's request, the body never becomes a web stream
 * (@hono/node-server would build a Request, an AbortController and a ReadableStream for it).
 */
export function bodyWithinLimit(limit: number): MiddlewareHandler {
  return async (c, next) => {
    if (!hasBody(c)) return next();
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    const body = incoming ? await readNodeBody(incoming, limit) : await readWebBody(c.req.raw, limit);
    if (body === TOO_LARGE) throw tooLarge(limit);
    // The bytes as they came (binary bodies stay exact) and, for the JSON routes, their text (what Request.text() gives).
    // Hono keeps promises there (its types say values).
    c.req.bodyCache.arrayBuffer = Promise.resolve(body.buffer) as unknown as ArrayBuffer;
    c.req.bodyCache.text = Promise.resolve(utf8.decode(body)) as unknown as string;
    return next();
  };
}

const utf8 = new TextDecoder();
const TOO_LARGE = Symbol('too large');

const hasBody = (c: Context) =>
  c.req.method !== 'GET' &&
  c.req.method !== 'HEAD' &&
  (requestHeader(c, 'transfer-encoding') !== undefined || Number(requestHeader(c, 'content-length') ?? 0) > 0);

/** From Node's request, so that a refused rest is left to the server to discard (see above), never buffered. */
function readNodeBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer> | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      resolve(TOO_LARGE);
    };
    const onEnd = () => {
      stop();
      resolve(joined(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

/** The chunks in one array of their own (a chunk is a view into a larger buffer, which the cache must not expose). */
function joined(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Without Node (a test's `app.request`): the same from the web request's stream. */
async function readWebBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | typeof TOO_LARGE> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return TOO_LARGE;
    }
    chunks.push(value);
  }
  return joined(chunks, size);
}
