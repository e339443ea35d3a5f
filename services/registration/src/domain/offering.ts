import { type Booking, isErased } from './booking.ts';
import type { OfferingEvent } from './events.ts';
import type { OfferingTerms } from './terms.ts';

export interface Seat extends Booking {
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  /** Recorded on or after the start date; absent until someone records it. */
  attended?: boolean;
}

/** What the stream knows once the offering was opened; kept after a cancellation for the record. */
export interface OfferingRecord {
  terms: OfferingTerms;
  /** Every registration by id, in arrival order. */
  registrations: Map<string, Seat>;
  confirmed: number;
  /** Registration ids in arrival order: the head is promoted first. */
  waitlist: string[];
}

export type Offering =
  | { status: 'unknown' }
  | ({ status: 'open' } & OfferingRecord)
  /** Cancelled by the institute: every registration was cancelled with it, nothing is decided any more. */
  | ({ status: 'cancelled'; cancelledAt: string } & OfferingRecord);

export type OpenOffering = Extract<Offering, { status: 'open' }>;
export type KnownOffering = Exclude<Offering, { status: 'unknown' }>;

export const initialOffering = (): Offering => ({ status: 'unknown' });

/** Total: every event gives a state, whatever the state; an event that does not fit leaves it as it was. */
export function evolve(state: Offering, event: OfferingEvent): Offering {
  if (state.status === 'unknown') {
    if (event.type !== 'OfferingOpened') return state;
    const { openedAt: _, ...terms } = event.data;
    return { status: 'open', terms, registrations: new Map(), confirmed: 0, waitlist: [] };
  }
  const leaveWaitlist = (id: string) => state.waitlist.filter((w) => w !== id);
  switch (event.type) {
    case 'OfferingOpened':
      return state; // a stream is opened once
    case 'RegistrationConfirmed': {
      const { fee: _f, via: _v, confirmedAt: _c, ...booking } = event.data;
      const already = state.registrations.get(booking.registrationId)?.status === 'confirmed';
      return {
        ...withSeat(state, { ...booking, status: 'confirmed' }),
        confirmed: state.confirmed + (already ? 0 : 1),
        waitlist: leaveWaitlist(booking.registrationId),
      };
    }
    case 'RegistrationWaitlisted': {
      const { position: _p, waitlistedAt: _w, ...booking } = event.data;
      return { ...withSeat(state, { ...booking, status: 'waitlisted' }), waitlist: [...state.waitlist, booking.registrationId] };
    }
    case 'RegistrationCancelled': {
      const seat = state.registrations.get(event.data.registrationId);
      if (!seat) return state;
      return {
        ...withSeat(state, { ...seat, status: 'cancelled' }),
        confirmed: state.confirmed - (seat.status === 'confirmed' ? 1 : 0),
        waitlist: leaveWaitlist(seat.registrationId),
      };
    }
    case 'RegistrationSubstituted': {
      const seat = state.registrations.get(event.data.registrationId);
      if (!seat) return state;
      // Attendance belongs to the person, not the seat: the substitute starts without a record.
      const { attended: _, ...rest } = seat;
      return withSeat(state, { ...rest, participant: event.data.participant });
    }
    case 'CapacityChanged':
      return { ...state, terms: { ...state.terms, capacity: event.data.capacity } };
    case 'OfferingRescheduled': {
      const { snapshot, registrationDeadline } = event.data;
      return { ...state, terms: { ...state.terms, snapshot, registrationDeadline } };
    }
    case 'OfferingCancelled':
      return { ...state, status: 'cancelled', cancelledAt: event.data.cancelledAt };
    case 'AttendanceRecorded': {
      const seat = state.registrations.get(event.data.registrationId);
      return seat ? withSeat(state, { ...seat, attended: event.data.attended }) : state;
    }
    case 'ParticipantErased': {
      const seat = state.registrations.get(event.data.registrationId);
      if (!seat || event.data.leftAt !== null) return state;
      return withSeat(state, { ...seat, participant: { erased: true } });
    }
    default: {
      const _unhandled: never = event;
      return state; // an event type this version does not know (stored by a newer one)
    }
  }
}

function withSeat<S extends KnownOffering>(state: S, seat: Seat): S {
  const registrations = new Map(state.registrations);
  registrations.set(seat.registrationId, seat);
  return { ...state, registrations };
}

export const fold = (events: readonly OfferingEvent[], from: Offering = initialOffering()) => events.reduce(evolve, from);

export const seatsAvailable = (state: Offering) => (state.status === 'open' ? Math.max(0, state.terms.capacity - state.confirmed) : 0);

export function waitlistPosition(state: Offering, registrationId: string): number | undefined {
  if (state.status === 'unknown') return undefined;
  const index = state.waitlist.indexOf(registrationId);
  return index === -1 ? undefined : index + 1;
}

export const isActive = (seat: Seat) => seat.status !== 'cancelled';

/**
 * Each seat's e-mail address lower-cased once: every registration looks at every seat of its offering, and a seat
 * object is shared by all later states until it changes, so a rush lower-cased the same addresses millions of times.
 */
const emailKeys = new WeakMap<Seat, string>();
function emailKeyOf(seat: Seat): string {
  let key = emailKeys.get(seat);
  if (key === undefined) {
    // An erased person matches nobody: every address booked is a real one.
    key = isErased(seat.participant) ? '' : seat.participant.email.toLowerCase();
    emailKeys.set(seat, key);
  }
  return key;
}

/** The place this person (by e-mail, case-insensitive) holds on the offering, if any. */
export function activePlaceOf(state: KnownOffering, email: string): Seat | undefined {
  const wanted = email.toLowerCase();
  for (const seat of state.registrations.values()) {
    if (isActive(seat) && emailKeyOf(seat) === wanted) return seat;
  }
  return undefined;
}
