import { AppError, type Principal, requestHeader } from '@seminarwerk/http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import type { ApiKeys } from './api-keys.ts';

const PRINCIPAL = 'principal';

/** Authenticates `Authorization: Bearer <api key>` when present; routes decide whether they need it. */
export function authenticate(keys: ApiKeys): MiddlewareHandler {
  // Without the header nothing is awaited here: most public reads carry no key.
  return (c, next) => {
    const header = requestHeader(c, 'authorization');
    return header ? authenticated(c, next, keys, header) : next();
  };
}

async function authenticated(c: Context, next: Next, keys: ApiKeys, header: string): Promise<void> {
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (key === undefined) throw new AppError(401, 'invalid-authorization', 'Use the header "Authorization: Bearer <api key>"');
  const principal = await keys.authenticate(key);
  if (!principal) {
    c.header('www-authenticate', 'Bearer');
    throw new AppError(401, 'invalid-api-key', 'The API key is unknown or revoked');
  }
  c.set(PRINCIPAL as never, principal as never);
  await next();
}

export function requirePrincipal(c: Context): Principal {
  const principal = principalIfAny(c);
  if (!principal) {
    c.header('www-authenticate', 'Bearer');
    throw new AppError(401, 'missing-api-key', 'This route needs an API key: send "Authorization: Bearer <api key>"');
  }
  return principal;
}

export function requireStaff(c: Context): Principal {
  const principal = requirePrincipal(c);
  if (principal.kind !== 'back-office') throw new AppError(403, 'forbidden', 'Only back-office staff may do this');
  return principal;
}

/** The caller's principal when a valid key was sent: public reads pass it on, so the back office also sees drafts. */
export function principalIfAny(c: Context): Principal | undefined {
  return c.get(PRINCIPAL as never) as Principal | undefined;
}
