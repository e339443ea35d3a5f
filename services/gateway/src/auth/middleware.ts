import { AppError, type Principal } from '@seminarwerk/http';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiKeys } from './api-keys.ts';

const PRINCIPAL = 'principal';

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** Authenticates `Authorization: Bearer <api key>` when present; routes decide whether they need it. */
export function authenticate(keys: ApiKeys): MiddlewareHandler {
  return async (c, next) => {
    const key = bearer(c);
    if (key !== undefined) {
      const principal = await keys.authenticate(key);
      if (!principal) {
        c.header('www-authenticate', 'Bearer');
        throw new AppError(401, 'invalid-api-key', 'The API key is unknown or revoked');
      }
      c.set(PRINCIPAL as never, principal as never);
    } else if (c.req.header('authorization')) {
      throw new AppError(401, 'invalid-authorization', 'Use the header "Authorization: Bearer <api key>"');
    }
    await next();
  };
}

export function requirePrincipal(c: Context): Principal {
  const principal = c.get(PRINCIPAL as never) as Principal | undefined;
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
