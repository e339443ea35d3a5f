import { berlinDate } from './calendar.ts';
import { type CommandOf, type OfferingDecision, reject } from './commands.ts';
import { openOffering, placeOn } from './guards.ts';
import { activePlaceOf, type Offering } from './offering.ts';

/** Confirmed while seats are free and nobody waits; otherwise on the waiting list, at its end. */
export function register({ booking, now }: CommandOf<'Register'>, state: Offering): OfferingDecision {
  const offering = openOffering(state);
  if ('rejected' in offering) return offering;
  if (berlinDate(now) > offering.terms.registrationDeadline) {
    return reject('registration-closed', `The registration deadline (${offering.terms.registrationDeadline}) has passed`);
  }
  const taken = offering.registrations.get(booking.registrationId);
  if (taken) return reject('registration-id-taken', 'A registration with this id exists already', taken);
  const existing = activePlaceOf(offering, booking.participant.email);
  if (existing) {
    return reject('already-registered', 'This person already holds a place on this offering', existing);
  }
  const at = now.toISOString();
  if (offering.confirmed < offering.terms.capacity && offering.waitlist.length === 0) {
    return [{ type: 'RegistrationConfirmed', data: { ...booking, fee: offering.terms.fee, via: 'direct', confirmedAt: at } }];
  }
  return [{ type: 'RegistrationWaitlisted', data: { ...booking, position: offering.waitlist.length + 1, waitlistedAt: at } }];
}

/** Another person takes over a confirmed place where the cancellation terms allow it: same seat, same booking. */
export function substitute({ registrationId, participant, now }: CommandOf<'Substitute'>, state: Offering): OfferingDecision {
  const place = placeOn(state, registrationId);
  if ('rejected' in place) return place;
  const { offering, seat } = place;
  if (!offering.terms.cancellationTerms.substituteAllowed) {
    return reject('substitute-not-allowed', 'The cancellation terms of this offering do not allow a substitute', seat);
  }
  if (seat.status !== 'confirmed') {
    return reject('not-confirmed', `Only a confirmed place can be passed on; this registration is ${seat.status}`, seat);
  }
  const existing = activePlaceOf(offering, participant.email);
  if (existing) {
    return reject('already-registered', 'The substitute already holds a place on this offering', existing);
  }
  return [
    {
      type: 'RegistrationSubstituted',
      data: { registrationId, previous: seat.participant, participant, substitutedAt: now.toISOString() },
    },
  ];
}
