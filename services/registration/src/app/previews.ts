import type { CancellationPreview, Registration } from '@seminarwerk/contracts/api';
import type { Principal } from '@seminarwerk/http';
import { isErased, type Participant } from '../domain/booking.ts';
import { cancellationFee } from '../domain/cancellation.ts';
import type { EventOf, OfferingEvent } from '../domain/events.ts';
import type { KnownOffering } from '../domain/offering.ts';

/**
 * What a cancellation would be, from the events a dry run decided: the classification the real cancellation records
 * (with the amount invoicing would bill for it) and who would move up from the waiting list. A name only for the back
 * office or the municipality that booked the person: a partner learns that someone moves up, not who.
 */
export function cancellationPreview(
  registration: Registration,
  events: readonly OfferingEvent[],
  state: KnownOffering,
  principal: Principal,
): CancellationPreview {
  const cancelled = events.find((e): e is EventOf<'RegistrationCancelled'> => e.type === 'RegistrationCancelled');
  if (!cancelled) throw new Error(`${registration.id}: a cancellation decided without RegistrationCancelled`);
  const { reason, classification, previousStatus } = cancelled.data;
  const promoted = events.filter((e): e is EventOf<'RegistrationConfirmed'> => e.type === 'RegistrationConfirmed');
  return {
    dryRun: true,
    registrationId: registration.id,
    offeringId: registration.offeringId,
    status: previousStatus,
    cancellation: { reason, ...classification, amount: cancellationFee(state.terms, classification) },
    movesUp: promoted.map(({ data: { registrationId, municipalityId, participant } }) => ({
      registrationId,
      ...((principal.kind === 'back-office' || principal.municipalityId === municipalityId) && !isErased(participant)
        ? { participant: { firstName: participant.firstName, lastName: participant.lastName } }
        : {}),
    })),
  };
}

/** The registration as a substitution would leave it: the same place, another person, no attendance yet. */
export function substitutionPreview(registration: Registration, participant: Participant) {
  const { attended: _, ...place } = registration;
  return { dryRun: true as const, registration: { ...place, participant } };
}
