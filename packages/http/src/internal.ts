import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, validationError } from './problem.ts';

/** Validates a JSON body (or any value) against a schema; failures become one 400 problem naming the fields. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError(400, 'malformed-json', 'The request body is not valid JSON');
  }
  return parseValue(schema, body, 'body');
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
