import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import { Problem } from '@seminarwerk/contracts/api';
import { PROBLEM_CONTENT_TYPE, statusTitle } from '@seminarwerk/http';

/** The document's tags, each described once (docs.ts declares them); an operation names one of these. */
export const TAGS = {
  Catalogue: 'Seminars and their dates: public to read, planned by the back office',
  Registrations: 'Booking people on dates, one or a group at a time; cancelling, substituting, attendance',
  Invoices: 'XRechnung invoices and Stornorechnungen, their documents, runs and payments; the customers they go to',
  Webhooks: 'Signed notifications of what happened, and the event feed to catch up from',
  Administration: 'API keys and the e-mail delivery log (back office)',
  Privacy:
    'Access requests (DSGVO Art. 15): everything stored about one person, with a German cover page; erasures (Art. 17): a person erased from every service (back office)',
} as const;
export type Tag = keyof typeof TAGS;

/** A response header as the document describes it (OpenAPI Header Object): a string. */
export const header = (description: string, options: { required?: boolean; example?: string } = {}) => ({
  description,
  ...(options.required ? { required: true } : {}),
  schema: { type: 'string' as const },
  ...(options.example === undefined ? {} : { example: options.example }),
});

type SecurityRequirement = Record<string, string[]>;
/** An API key is required (partners and the back office). */
export const keyRequired: SecurityRequirement[] = [{ apiKey: [] }];
/** Anyone may call; a key, if sent, must be valid and is passed on (the back office then also sees drafts). */
export const keyOptional: SecurityRequirement[] = [{}, { apiKey: [] }];

/**
 * A public operation as the document describes it: an operationId (generated clients name their methods by it), a
 * declared tag, a summary and who may call it. `createRoute` with these required, so no route can leave one out.
 */
export type ApiRoute = RouteConfig & {
  operationId: string;
  tags: [Tag];
  summary: string;
  security: SecurityRequirement[];
};
export const operation = <R extends ApiRoute>(route: R) => createRoute(route);

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
 * the owning service does; the `ETag` is the SHA-256 recorded when it was issued.
 */
export const file = (contentType: string, description: string, fileName: string) => ({
  description,
  headers: {
    'content-disposition': header('The file name', { example: `attachment; filename="${fileName}"` }),
    etag: header('The SHA-256 (hex) of the bytes, as recorded when the document was issued; they never change', {
      example: '"9f2c5d0c0b6a4e1f…"',
    }),
  },
  content: { [contentType]: { schema: z.string().openapi({ format: 'binary' }) } },
});

/** A non-JSON answer (e.g. `text/calendar`), documented as a string. */
export const text = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: z.string() } },
});

/** How a public catalogue read may be kept (caching.ts): on its 200 and on the 304 to a matching If-None-Match. */
const cachingHeaders = {
  etag: header('A strong validator of the body: send it as If-None-Match to get 304 while nothing changed', {
    required: true,
    example: '"Yb7N2Qk0l1mWc3sVb9pX4rT6uE8iO0aS2dF4gH6jK8L"',
  }),
  'cache-control': header('`public, max-age=5`; with a back-office key `private, max-age=5`', {
    required: true,
    example: 'public, max-age=5',
  }),
  vary: header('The answer depends on the API key sent', { required: true, example: 'Authorization' }),
};

/** A public catalogue read: its 200 (JSON or another type) carries the caching headers. */
export const cachedRead = <A extends { description: string }>(answer: A) => ({
  ...answer,
  headers: cachingHeaders,
});

/** The answer to a conditional GET whose `If-None-Match` matches (see caching.ts). */
export const NotModified = {
  description: 'Not modified: the ETag sent in If-None-Match is current. No body.',
  headers: cachingHeaders,
};

/**
 * Error answers of the owning service, each RFC 9457 problem+json. The edge adds its own (401, 429, … see
 * edge-answers.ts) to every operation.
 */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [status, problem(`${statusTitle(status)}: a refusal; the problem's \`type\` names it`)]),
  );
}

export const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } } });
