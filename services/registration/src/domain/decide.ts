import type { Booker, Participant } from '@seminarwerk/contracts';
import type { Booking, OfferingEvent, OfferingTerms } from './events.ts';
import { evolve, type Offering } from './offering.ts';

export type OfferingCommand =
  | { type: 'OpenOffering'; terms: OfferingTerms; now: Date }
  | { type: 'Register'; booking: Booking; now: Date }
  | { type: 'Cancel'; registrationId: string; by: Booker; now: Date };

export interface Rejection {
  rejected: true;
  code: 'offering-not-open' | 'registration-closed' | 'already-registered' | 'registration-not-found' | 'already-cancelled';
  detail: string;
  registrationId?: string;
}

const reject = (code: Rejection['code'], detail: string, registrationId?: string): Rejection => ({
  rejected: true,
  code,
  detail,
  ...(registrationId ? { registrationId } : {}),
});

export function decide(command: OfferingCommand, state: Offering): OfferingEvent[] | Rejection {
  switch (command.type) {
    case 'OpenOffering':
      return open(command, state);
    case 'Register':
      return register(command, state);
    case 'Cancel':
      return cancel(command, state);
    default:
      return assertNever(command);
  }
}

function open({ terms, now }: Extract<OfferingCommand, { type: 'OpenOffering' }>, state: Offering): OfferingEvent[] {
  if (state.status !== 'unknown') return []; // opened already: catalogue events may arrive twice
  return [{ type: 'OfferingOpened', data: { ...terms, openedAt: now.toISOString() } }];
}

function register({ booking, now }: Extract<OfferingCommand, { type: 'Register' }>, state: Offering): OfferingEvent[] | Rejection {
  if (state.status !== 'open') {
    return reject('offering-not-open', 'This offering is not open for registration (if it was just published, retry in a moment)');
  }
  if (berlinDate(now) > state.terms.registrationDeadline) {
    return reject('registration-closed', `The registration deadline (${state.terms.registrationDeadline}) has passed`);
  }
  const existing = findActive(state, booking.participant);
  if (existing) {
    return reject('already-registered', 'This person already holds a place on this offering', existing.registrationId);
  }
  const at = now.toISOString();
  if (state.confirmed < state.terms.capacity && state.waitlist.length === 0) {
    return [{ type: 'RegistrationConfirmed', data: { ...booking, fee: state.terms.fee, via: 'direct', confirmedAt: at } }];
  }
  return [{ type: 'RegistrationWaitlisted', data: { ...booking, waitlistedAt: at } }];
}

/** Cancelling frees the seat and promotes the head of the waiting list in the same decision. */
function cancel({ registrationId, by, now }: Extract<OfferingCommand, { type: 'Cancel' }>, state: Offering): OfferingEvent[] | Rejection {
  if (state.status !== 'open') return reject('registration-not-found', 'There is no registration with this id');
  const seat = state.registrations.get(registrationId);
  if (!seat) return reject('registration-not-found', 'There is no registration with this id');
  if (seat.status === 'cancelled') return reject('already-cancelled', 'This registration is already cancelled');
  const at = now.toISOString();
  const cancelled: OfferingEvent = {
    type: 'RegistrationCancelled',
    data: { registrationId, previousStatus: seat.status, cancelledBy: by, cancelledAt: at },
  };
  return [cancelled, ...promotions(evolve(state, cancelled), at)];
}

function promotions(state: Offering, at: string): OfferingEvent[] {
  if (state.status !== 'open') return [];
  const free = state.terms.capacity - state.confirmed;
  return state.waitlist.slice(0, Math.max(0, free)).map((id) => {
    const { status: _, ...booking } = state.registrations.get(id) as NonNullable<ReturnType<typeof state.registrations.get>>;
    return { type: 'RegistrationConfirmed', data: { ...booking, fee: state.terms.fee, via: 'waitlist', confirmedAt: at } };
  });
}

function findActive(state: Extract<Offering, { status: 'open' }>, participant: Participant) {
  const email = participant.email.toLowerCase();
  for (const seat of state.registrations.values()) {
    if (seat.status !== 'cancelled' && seat.participant.email.toLowerCase() === email) return seat;
  }
  return undefined;
}

/** The calendar date in the institute's time zone: deadlines are whole days in Lower Saxony. */
export function berlinDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function assertNever(value: never): never {
  throw new Error(`Unhandled command ${JSON.stringify(value)}`);
}
