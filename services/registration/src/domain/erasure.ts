import { isErased } from './booking.ts';
import { type CommandOf, type OfferingDecision, reject } from './commands.ts';
import type { Offering } from './offering.ts';

/**
 * Forgets the person of a registration: recorded whatever the offering's state (a cancelled offering, a past date),
 * because the law does not wait for either. A seat that names nobody already is not erased twice.
 */
export function eraseParticipant(command: CommandOf<'EraseParticipant'>, state: Offering): OfferingDecision {
  if (state.status === 'unknown') return reject('offering-not-open', 'This offering is not known');
  const seat = state.registrations.get(command.registrationId);
  if (!seat) return reject('registration-not-found', 'No such registration on this offering');
  if (command.leftAt === null && isErased(seat.participant)) return [];
  const { registrationId, erasureId, reason, leftAt, now } = command;
  return [{ type: 'ParticipantErased', data: { registrationId, erasureId, reason, leftAt, erasedAt: now.toISOString() } }];
}
