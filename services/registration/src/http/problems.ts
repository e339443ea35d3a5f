import { Rejected } from '@seminarwerk/decider';
import { AppError, type Principal, type RejectionStatuses, rejectionProblems } from '@seminarwerk/http';
import { QueueFull } from '@seminarwerk/postgres';
import type { OfferingRejection, RejectionCode } from '../domain/decide.ts';

/**
 * The one place where the offering's rejection codes become HTTP: 404 for what does not exist, 422 for a
 * rule that forbids it now, 409 for a clash with the current state. Exhaustive: a new code fails the typecheck.
 */
const statuses: RejectionStatuses<RejectionCode> = {
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
};

/**
 * The registration a refusal names, if the caller may learn it: the back office always, a municipality only its own
 * (the ones it can read). Another municipality's id would tell a partner that, and under which id, a person is booked
 * elsewhere; the 409 alone says only that this e-mail address holds a place on the offering.
 */
export function registrationShownTo(caller: Principal | undefined, rejection: OfferingRejection): string | undefined {
  const { registrationId, registrationMunicipalityId } = rejection;
  if (registrationId === undefined || caller === undefined) return undefined;
  if (caller.kind === 'back-office') return registrationId;
  return registrationMunicipalityId === caller.municipalityId ? registrationId : undefined;
}

const problemsFor = (caller: Principal | undefined) =>
  rejectionProblems<RejectionCode, OfferingRejection>(statuses, (rejection) => {
    const shown = registrationShownTo(caller, rejection);
    return {
      ...(shown ? { existingRegistrationId: shown } : {}),
      // The catalogue event that opens an offering may still be on its way.
      ...(rejection.code === 'offering-not-open' ? { retryAfterSeconds: 1 } : {}),
    };
  });

/** For the app's error handler: a refusal that reaches it without `refusedTo` names no registration, as nobody asked. */
export const registrationProblems = problemsFor(undefined);

/**
 * The offering's line in this process was too long, or this request waited too long in it (decisions.md 106): nothing
 * was decided, so the same request with the same Idempotency-Key may come again, after `Retry-After`.
 */
export const offeringBusy = (error: QueueFull) =>
  new AppError(
    503,
    'offering-busy',
    error.reason === 'too-many-waiting'
      ? 'Too many requests for this offering are waiting right now. Nothing was decided; send the same request again after Retry-After seconds'
      : 'This request waited too long for its turn on this offering. Nothing was decided; send the same request again after Retry-After seconds',
    { retryAfterSeconds: error.retryAfterSeconds },
  );

/**
 * Answers a refusal of what `caller` asked for, naming a registration only if it is theirs to know, and a full queue:
 * `.catch(refusedTo(caller))`.
 */
export function refusedTo(caller: Principal) {
  const problems = problemsFor(caller);
  return (error: unknown): never => {
    if (error instanceof Rejected) throw problems(error.rejection);
    throw error instanceof QueueFull ? offeringBusy(error) : error;
  };
}
