import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, validationError } from './problem.ts';

/** Validates a JSON body (or any value) against a schema; failures become one 400 problem naming the fields. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseValue(schema, jsonOf(await c.req.text()), 'body');
}

/** A body the client may leave out (e.g. a cancellation's options): no body is `{}`, anything else must be valid JSON. */
export async function parseOptionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text();
  return parseValue(schema, text.trim() === '' ? {} : jsonOf(text), 'body');
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, 'malformed-json', 'The request body is not valid JSON');
  }
}

export function parseValue<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationError(parsed.error.issues, what);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID cannot name anything: answer 404 instead of asking the database. */
export function uuidParam(c: Context, name: string, notFound: { code: string; detail: string }): string {
  const value = c.req.param(name) ?? '';
  if (!UUID.test(value)) throw new AppError(404, notFound.code, notFound.detail);
  return value;
}
