import type { Booking, OfferingEvent, OfferingTerms } from './events.ts';

export interface Seat extends Booking {
  status: 'confirmed' | 'waitlisted' | 'cancelled';
}

export type Offering =
  | { status: 'unknown' }
  | {
      status: 'open';
      terms: OfferingTerms;
      /** Every registration by id, in arrival order. */
      registrations: Map<string, Seat>;
      confirmed: number;
      /** Registration ids in arrival order: the head is promoted first. */
      waitlist: string[];
    };

export const initialOffering = (): Offering => ({ status: 'unknown' });

export function evolve(state: Offering, event: OfferingEvent): Offering {
  if (event.type === 'OfferingOpened') {
    const { openedAt: _, ...terms } = event.data;
    return { status: 'open', terms, registrations: new Map(), confirmed: 0, waitlist: [] };
  }
  if (state.status !== 'open') return state;
  const registrations = new Map(state.registrations);
  switch (event.type) {
    case 'RegistrationConfirmed': {
      const { fee: _f, via: _v, confirmedAt: _c, ...booking } = event.data;
      registrations.set(booking.registrationId, { ...booking, status: 'confirmed' });
      const waitlist = state.waitlist.filter((id) => id !== booking.registrationId);
      return { ...state, registrations, confirmed: state.confirmed + 1, waitlist };
    }
    case 'RegistrationWaitlisted': {
      const { waitlistedAt: _, ...booking } = event.data;
      registrations.set(booking.registrationId, { ...booking, status: 'waitlisted' });
      return { ...state, registrations, waitlist: [...state.waitlist, booking.registrationId] };
    }
    case 'RegistrationCancelled': {
      const seat = state.registrations.get(event.data.registrationId);
      if (!seat) return state;
      registrations.set(seat.registrationId, { ...seat, status: 'cancelled' });
      const wasConfirmed = event.data.previousStatus === 'confirmed';
      return {
        ...state,
        registrations,
        confirmed: state.confirmed - (wasConfirmed ? 1 : 0),
        waitlist: state.waitlist.filter((id) => id !== seat.registrationId),
      };
    }
  }
}

export const fold = (events: readonly OfferingEvent[], from: Offering = initialOffering()) => events.reduce(evolve, from);

export const seatsAvailable = (state: Offering) => (state.status === 'open' ? Math.max(0, state.terms.capacity - state.confirmed) : 0);

export function waitlistPosition(state: Offering, registrationId: string): number | undefined {
  if (state.status !== 'open') return undefined;
  const index = state.waitlist.indexOf(registrationId);
  return index === -1 ? undefined : index + 1;
}
