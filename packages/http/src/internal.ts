import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, validationError } from './problem.ts';

/**
 * Who is calling, as established by the gateway (the only public surface). Services bind to
 * internal addresses and trust these headers; the gateway strips any a client sends.
 */
export type Principal =
  | { kind: 'municipality'; municipalityId: string; keyId: string }
  | { kind: 'back-office'; actor: string; keyId: string };

export const PrincipalHeaders = {
  kind: 'x-principal-kind',
  municipality: 'x-principal-municipality',
  actor: 'x-principal-actor',
  keyId: 'x-principal-key',
} as const;

export function principalHeaders(p: Principal): Record<string, string> {
  return p.kind === 'municipality'
    ? { [PrincipalHeaders.kind]: p.kind, [PrincipalHeaders.municipality]: p.municipalityId, [PrincipalHeaders.keyId]: p.keyId }
    : { [PrincipalHeaders.kind]: p.kind, [PrincipalHeaders.actor]: p.actor, [PrincipalHeaders.keyId]: p.keyId };
}

export function principalOf(c: Context): Principal {
  const kind = c.req.header(PrincipalHeaders.kind);
  const keyId = c.req.header(PrincipalHeaders.keyId) ?? 'unknown';
  const municipalityId = c.req.header(PrincipalHeaders.municipality);
  const actor = c.req.header(PrincipalHeaders.actor);
  if (kind === 'municipality' && municipalityId) return { kind, municipalityId, keyId };
  if (kind === 'back-office' && actor) return { kind, actor, keyId };
  throw new AppError(401, 'unauthenticated', 'This request carries no principal');
}

export function requireBackOffice(c: Context): Extract<Principal, { kind: 'back-office' }> {
  const principal = principalOf(c);
  if (principal.kind !== 'back-office') {
    throw new AppError(403, 'forbidden', 'Only back-office staff may do this');
  }
  return principal;
}

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
