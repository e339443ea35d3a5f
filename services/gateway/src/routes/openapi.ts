import { z } from '@hono/zod-openapi';
import { Problem } from '@seminarwerk/contracts/api';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '@seminarwerk/http';
import type { Context } from 'hono';
import type { ForwardedResponse } from '../proxy.ts';

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

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
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

/** Passes the owning service's answer through unchanged (status, body and content type). */
export function relay(c: Context, response: ForwardedResponse): any {
  const headers: Record<string, string> = { 'content-type': response.contentType };
  if (response.retryAfter) headers['retry-after'] = response.retryAfter;
  return c.body(response.body, response.status as 200, headers);
}
