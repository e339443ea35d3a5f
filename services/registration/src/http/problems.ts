import { rejectionProblems } from '@seminarwerk/http';
import type { OfferingRejection, RejectionCode } from '../domain/decide.ts';

/**
 * The one place where the offering's rejection codes become HTTP: 404 for what does not exist, 422 for a
 * rule that forbids it now, 409 for a clash with the current state. Exhaustive: a new code fails the typecheck.
 */
export const registrationProblems = rejectionProblems<RejectionCode, OfferingRejection>(
  {
    'registration-not-found': 404,
    'registration-closed': 422,
    'attendance-too-early': 422,
    'substitute-not-allowed': 422,
    'not-confirmed': 422,
    'offering-not-open': 409,
    'offering-cancelled': 409,
    'already-registered': 409,
    'registration-id-taken': 409,
    'already-cancelled': 409,
  },
  (rejection) => ({
    ...(rejection.registrationId ? { existingRegistrationId: rejection.registrationId } : {}),
    // The catalogue event that opens an offering may still be on its way.
    ...(rejection.code === 'offering-not-open' ? { retryAfterSeconds: 1 } : {}),
  }),
);
