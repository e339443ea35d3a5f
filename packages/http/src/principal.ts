import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from './problem.ts';
import { requestHeader } from './request-header.ts';

/**
 * Who is calling, as established by the gateway (the only public surface). The gateway signs it for each request;
 * a service believes only a principal whose signature it verified (see `verifyPrincipals`).
 */
export type Principal =
  | { kind: 'municipality'; municipalityId: string; keyId: string }
  | { kind: 'back-office'; actor: string; keyId: string };

/** The actor of a back-office key acting on its own: `key:<apiKeyId>`. */
export const keyActor = (apiKeyId: string) => `key:${apiKeyId}`;

/** A staff member's user name as `X-Acting-Staff` carries it (lower case, as the back-office app stores them). */
export const STAFF_USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The actor of a back-office key acting for a staff member (`X-Acting-Staff`): `staff:<username>`. */
export const staffActor = (username: string) => `staff:${username}`;

/**
 * Who the events a request causes name as actor: the staff member or back-office key (`staff:<username>`,
 * `key:<apiKeyId>`), or a partner's API key id.
 */
export const actorOf = (p: Principal): string => (p.kind === 'back-office' ? p.actor : p.keyId);

export const PrincipalHeaders = {
  kind: 'x-principal-kind',
  municipality: 'x-principal-municipality',
  actor: 'x-principal-actor',
  keyId: 'x-principal-key',
  timestamp: 'x-principal-timestamp',
  signature: 'x-principal-signature',
  /** The caller's Idempotency-Key on a POST, scoped to its API key (`<apiKeyId>:<key>`); signed with the principal. */
  idempotencyKey: 'x-idempotency-key',
} as const;

/** A signed principal older (or further ahead of the service's clock) than this is refused: a captured one is soon useless. */
export const PRINCIPAL_MAX_AGE_SECONDS = 60;

/** What a signature binds the principal to: this one request, at this time. */
export interface SignedRequest {
  method: string;
  /** Path and query as sent on the wire (`/registrations?limit=5`). */
  path: string;
  /** The caller's Idempotency-Key, scoped to its API key: a service may remember what it decided under it. */
  idempotencyKey?: string | undefined;
}

const VERSION = 'v1';

/** The signed text: every part, JSON-encoded, so no value can pass for another (an actor cannot contain a kind). */
function signedText(p: Principal, timestamp: string, request: SignedRequest): string {
  const subject = p.kind === 'municipality' ? p.municipalityId : p.actor;
  const parts = [VERSION, p.kind, subject, p.keyId, timestamp, request.method.toUpperCase(), request.path];
  // Only when there is one, so a request without a key is signed as before; with one, nobody but the gateway can add,
  // drop or change it (a service trusts it to find what it already decided for the caller).
  return JSON.stringify(request.idempotencyKey === undefined ? parts : [...parts, request.idempotencyKey]);
}

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('base64url');

/**
 * The headers the gateway sends a service: the principal, the time, and `v1=<HMAC-SHA256>` over both and the
 * request's method and path (PRINCIPAL_SIGNING_SECRET, shared by the gateway and every service).
 */
export function principalHeaders(p: Principal, secret: string, request: SignedRequest, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const [whoHeader, who] =
    p.kind === 'municipality' ? [PrincipalHeaders.municipality, p.municipalityId] : [PrincipalHeaders.actor, p.actor];
  return {
    [PrincipalHeaders.kind]: p.kind,
    [whoHeader]: who,
    [PrincipalHeaders.keyId]: p.keyId,
    [PrincipalHeaders.timestamp]: timestamp,
    [PrincipalHeaders.signature]: `${VERSION}=${mac(secret, signedText(p, timestamp, request))}`,
    ...(request.idempotencyKey === undefined ? {} : { [PrincipalHeaders.idempotencyKey]: request.idempotencyKey }),
  };
}

/** Path and query of a request as it arrived (Node's raw request line when there is one, else the parsed URL). */
export function requestTarget(c: Context): string {
  const raw = (c.env as Partial<HttpBindings> | undefined)?.incoming?.url;
  if (raw?.startsWith('/')) return raw;
  const url = new URL(c.req.url);
  return `${url.pathname}${url.search}`;
}

const invalid = (detail: string) => new AppError(401, 'invalid-principal', detail);

/** The principal a request carries, if its signature holds; undefined when it carries none; else a 401. */
export function verifiedPrincipal(
  header: (name: string) => string | undefined,
  secret: string,
  request: SignedRequest,
  now = Date.now(),
): Principal | undefined {
  const kind = header(PrincipalHeaders.kind);
  const signature = header(PrincipalHeaders.signature);
  if (kind === undefined && signature === undefined) return undefined;
  const keyId = header(PrincipalHeaders.keyId);
  const municipalityId = header(PrincipalHeaders.municipality);
  const actor = header(PrincipalHeaders.actor);
  const principal: Principal | undefined =
    kind === 'municipality' && municipalityId && keyId
      ? { kind, municipalityId, keyId }
      : kind === 'back-office' && actor && keyId
        ? { kind, actor, keyId }
        : undefined;
  if (!principal) throw invalid('The principal headers are incomplete');
  const idempotencyKey = header(PrincipalHeaders.idempotencyKey);
  const timestamp = header(PrincipalHeaders.timestamp) ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) throw invalid('The principal carries no timestamp');
  if (Math.abs(now / 1000 - Number(timestamp)) > PRINCIPAL_MAX_AGE_SECONDS) throw invalid('The principal is stale');
  const expected = Buffer.from(`${VERSION}=${mac(secret, signedText(principal, timestamp, { ...request, idempotencyKey }))}`);
  const given = Buffer.from(signature ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('The principal is not signed by the gateway');
  return principal;
}

const VERIFIED = 'verifiedPrincipal';
const VERIFIED_IDEMPOTENCY_KEY = 'verifiedIdempotencyKey';

/**
 * Every request that names a principal must prove the gateway sent it (signature, age, this method and path), or it
 * is answered 401 before any route runs. Requests without principal headers pass on as anonymous.
 */
export function verifyPrincipals(secret: string): MiddlewareHandler {
  return (c, next) => {
    const principal = verifiedPrincipal((name) => requestHeader(c, name), secret, { method: c.req.method, path: requestTarget(c) });
    if (principal) {
      c.set(VERIFIED as never, principal as never);
      // Covered by the signature just verified; without a principal it proves nothing and is ignored.
      const idempotencyKey = requestHeader(c, PrincipalHeaders.idempotencyKey);
      if (idempotencyKey !== undefined) c.set(VERIFIED_IDEMPOTENCY_KEY as never, idempotencyKey as never);
    }
    return next();
  };
}

/** The caller, as the gateway signed it; 401 when the request carries none. */
export function principalOf(c: Context): Principal {
  const principal = principalIfSigned(c);
  if (!principal) throw new AppError(401, 'unauthenticated', 'This request carries no principal');
  return principal;
}

/** The caller when the request carries a (verified) principal; anonymous requests give undefined. */
export function principalIfSigned(c: Context): Principal | undefined {
  return c.get(VERIFIED as never) as Principal | undefined;
}

/** The caller's Idempotency-Key as the gateway signed it (`<apiKeyId>:<key>`), on a POST that had one. */
export function idempotencyKeyOf(c: Context): string | undefined {
  return c.get(VERIFIED_IDEMPOTENCY_KEY as never) as string | undefined;
}

export function requireBackOffice(c: Context): Extract<Principal, { kind: 'back-office' }> {
  const principal = principalOf(c);
  if (principal.kind !== 'back-office') {
    throw new AppError(403, 'forbidden', 'Only back-office staff may do this');
  }
  return principal;
}
