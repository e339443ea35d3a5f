import type { OfferingEvent } from './events.ts';
import type { Offering } from './offering.ts';

/**
 * Fills free seats from the head of the waiting list, in the decision that freed them. Over capacity
 * (after the capacity was lowered) there are no free seats, so nobody is promoted.
 */
export function promotions(state: Offering, at: string): OfferingEvent[] {
  if (state.status !== 'open') return [];
  const free = Math.max(0, state.terms.capacity - state.confirmed);
  return state.waitlist.slice(0, free).flatMap((id): OfferingEvent[] => {
    const seat = state.registrations.get(id);
    if (!seat) return [];
    // The promoted booking is the one made when they joined the list, purchase order reference included.
    const { registrationId, participant, bookedBy, municipalityId, purchaseOrderReference } = seat;
    const booking = {
      registrationId,
      participant,
      bookedBy,
      municipalityId,
      ...(purchaseOrderReference ? { purchaseOrderReference } : {}),
    };
    return [{ type: 'RegistrationConfirmed', data: { ...booking, fee: state.terms.fee, via: 'waitlist', confirmedAt: at } }];
  });
}
