import { AppError, type Principal, requestHeader, STAFF_USERNAME, staffActor } from '@seminarwerk/http';
import type { Context } from 'hono';
import type { Caller } from './api-keys.ts';

/** The staff member a delegating back-office key (scope `staff:delegate`) acts for. */
export const ACTING_STAFF_HEADER = 'x-acting-staff';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who the services learn is acting. A back-office key with `staff:delegate` (the back-office app's) names the signed-in
 * staff member in `X-Acting-Staff`, signed on as actor `staff:<username>`, so every event names the person; on a
 * write it must, so nothing the app changes is anonymous. Any other key sending the header is refused: only the
 * institute's own app may speak for staff. The API key stays the principal's key (idempotency records, rate limits).
 */
export function actingPrincipal(c: Context, caller: Caller): Principal {
  const named = requestHeader(c, ACTING_STAFF_HEADER);
  const { principal } = caller;
  if (!caller.delegates || principal.kind !== 'back-office') {
    if (named === undefined) return principal;
    throw new AppError(403, 'acting-staff-not-allowed', 'X-Acting-Staff is only for back-office keys with the scope staff:delegate');
  }
  if (named === undefined) {
    if (!WRITES.has(c.req.method)) return principal;
    throw new AppError(403, 'acting-staff-required', 'This key acts for staff: name the staff member in X-Acting-Staff on every change');
  }
  if (!STAFF_USERNAME.test(named)) {
    throw new AppError(
      400,
      'invalid-acting-staff',
      'X-Acting-Staff must be a staff user name: a lower-case letter or digit, then up to 63 of a-z, 0-9, ".", "_" and "-"',
    );
  }
  return { ...principal, actor: staffActor(named) };
}
