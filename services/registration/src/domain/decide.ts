import { recordAttendance } from './attendance.ts';
import { cancel } from './cancellation.ts';
import type { Decision, OfferingCommand } from './commands.ts';
import type { OfferingEvent } from './events.ts';
import { cancelOffering, changeCapacity, open, reschedule } from './lifecycle.ts';
import { fold, type Offering } from './offering.ts';
import { register, substitute } from './registration.ts';

export { berlinDate } from './calendar.ts';
export { classify } from './cancellation.ts';
export type { CommandOf, Decision, OfferingCommand, Rejection, RejectionCode } from './commands.ts';
export { isRejection } from './commands.ts';

export function decide(command: OfferingCommand, state: Offering): Decision {
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
    default:
      return assertNever(command);
  }
}

/**
 * Decides commands one after another, each on the state the previous ones left (a batch of queued requests,
 * or a group booking, in one transaction). A rejection leaves the state as it was for the next command.
 */
export function decideMany(
  commands: readonly OfferingCommand[],
  state: Offering,
): { decisions: Decision[]; events: OfferingEvent[]; state: Offering } {
  const decisions: Decision[] = [];
  const events: OfferingEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decision = decide(command, current);
    decisions.push(decision);
    if ('rejected' in decision) continue;
    events.push(...decision);
    current = fold(decision, current);
  }
  return { decisions, events, state: current };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled command ${JSON.stringify(value)}`);
}
