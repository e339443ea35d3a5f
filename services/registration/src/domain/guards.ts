import { type OfferingRejection, reject } from './commands.ts';
import type { Offering, OpenOffering, Seat } from './offering.ts';

/** The offering must take decisions: unknown (not published yet) and cancelled offerings do not. */
export function openOffering(state: Offering): OpenOffering | OfferingRejection {
  if (state.status === 'unknown') {
    return reject('offering-not-open', 'This offering is not open for registration (if it was just published, retry in a moment)');
  }
  if (state.status === 'cancelled') return reject('offering-cancelled', 'The institute has cancelled this offering');
  return state;
}

/** A registration on an offering that still takes decisions. */
export function placeOn(state: Offering, registrationId: string): { offering: OpenOffering; seat: Seat } | OfferingRejection {
  const seat = state.status === 'unknown' ? undefined : state.registrations.get(registrationId);
  if (!seat) return reject('registration-not-found', 'There is no registration with this id');
  const offering = openOffering(state);
  return 'rejected' in offering ? offering : { offering, seat };
}
