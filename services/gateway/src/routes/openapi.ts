import { z } from '@hono/zod-openapi';
import { Problem } from '@seminarwerk/contracts/api';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '@seminarwerk/http';
import type { Context } from 'hono';
import type { ForwardedResponse, PassedOnHeader } from '../proxy.ts';

export const security = [{ apiKey: [] }];

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).openapi({
    description: 'Unique per intended operation (e.g. a UUID); retries reuse it. Kept 24 hours.',
    example: '6f1c2f7e-3c1b-4a43-9d0e-3b9f0f7a8a11',
  }),
});

export const jsonBody = <S extends z.ZodType>(schema: S) => ({
  content: { 'application/json': { schema } },
  required: true,
});

/** A JSON answer; `example` is typed by the schema, so an example that no longer fits fails the typecheck. */
export const json = <S extends z.ZodType>(schema: S, description: string, example?: z.input<S>) => ({
  description,
  content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
});

/** A JSON request body with an example (typed like `json`). */
export const jsonBodyWithExample = <S extends z.ZodType>(schema: S, example: z.input<S>) => ({
  content: { 'application/json': { schema, example } },
  required: true,
});

/**
 * A file answer (a PDF, an XML document), passed through byte for byte. `Content-Disposition` names the file as
 * the owning service does.
 */
export const file = (contentType: string, description: string, fileName: string) => ({
  description,
  headers: z.object({
    'content-disposition': z
      .string()
      .optional()
      .openapi({ description: 'The file name', example: `attachment; filename="${fileName}"` }),
    etag: z
      .string()
      .optional()
      .openapi({ description: 'The SHA-256 (hex) of the bytes, as recorded when the document was issued', example: '"9f2c…"' }),
    'cache-control': z
      .string()
      .optional()
      .openapi({ description: 'Issued documents never change', example: 'private, max-age=31536000, immutable' }),
  }),
  content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } },
});

/** A non-JSON answer (e.g. `text/calendar`), documented as a string. */
export const text = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.string() } },
});

/** The answer to a conditional GET whose `If-None-Match` matches (see caching.ts). */
export const CachingHeaders = { description: 'Not modified: the ETag sent in If-None-Match is current. No body.' };

/** Documented error answers: every one is RFC 9457 problem+json. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    [...statuses, 500].map((status) => [
      status,
      { description: statusTitle(status), content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } } },
    ]),
  );
}

/**
 * Passes the owning service's answer through unchanged: status, bytes, content type, `Retry-After` and a file name.
 * Not its `ETag` or `Cache-Control`: the gateway's read cache sets its own (caching.ts), and Hono copies the headers of
 * a relayed answer over the cached answer that replaces it.
 */
export function relay(
  c: Context,
  response: ForwardedResponse,
  passOn: readonly PassedOnHeader[] = ['retry-after', 'content-disposition'],
): any {
  const headers: Record<string, string> = { 'content-type': response.contentType };
  for (const name of passOn) {
    const value = response.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return c.body(response.body, response.status as 200, headers);
}

/** An issued document: also its `ETag` (the SHA-256 of its bytes) and `Cache-Control` (it never changes). */
export const relayDocument = (c: Context, response: ForwardedResponse) =>
  relay(c, response, ['content-disposition', 'etag', 'cache-control']);
