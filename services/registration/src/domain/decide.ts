import { assertNever, type Decider } from '@seminarwerk/decider';
import { recordAttendance } from './attendance.ts';
import { cancel } from './cancellation.ts';
import type { OfferingCommand, OfferingDecision, OfferingRejection } from './commands.ts';
import { eraseParticipant } from './erasure.ts';
import type { OfferingEvent } from './events.ts';
import { cancelOffering, changeCapacity, open, reschedule } from './lifecycle.ts';
import { evolve, initialOffering, type Offering } from './offering.ts';
import { register, substitute } from './registration.ts';

export { berlinDate } from './calendar.ts';
export { classify } from './cancellation.ts';
export type { CommandOf, OfferingCommand, OfferingDecision, OfferingRejection, RejectionCode } from './commands.ts';

export function decide(command: OfferingCommand, state: Offering): OfferingDecision {
  switch (command.type) {
    case 'OpenOffering':
      return open(command, state);
    case 'Register':
      return register(command, state);
    case 'Cancel':
      return cancel(command, state);
    case 'Substitute':
      return substitute(command, state);
    case 'ChangeCapacity':
      return changeCapacity(command, state);
    case 'RescheduleOffering':
      return reschedule(command, state);
    case 'CancelOffering':
      return cancelOffering(command, state);
    case 'RecordAttendance':
      return recordAttendance(command, state);
    case 'EraseParticipant':
      return eraseParticipant(command, state);
    default:
      return assertNever(command, 'command');
  }
}

/** The offering stream's rules as the shared command handler runs them (batches through `decideMany`). */
export const offeringDecider: Decider<OfferingCommand, OfferingEvent, Offering, OfferingRejection> = {
  initialState: initialOffering,
  evolve,
  decide,
};
