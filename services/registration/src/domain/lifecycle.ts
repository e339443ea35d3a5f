import { FREE } from './cancellation.ts';
import { type CommandOf, type OfferingDecision, reject } from './commands.ts';
import type { OfferingEvent } from './events.ts';
import { openOffering } from './guards.ts';
import { evolve, isActive, type Offering } from './offering.ts';
import { promotions } from './waitlist.ts';

/** A published offering opens its stream once, however often the catalogue event arrives. */
export function open({ terms, now }: CommandOf<'OpenOffering'>, state: Offering): OfferingDecision {
  if (state.status !== 'unknown') return [];
  return [{ type: 'OfferingOpened', data: { ...terms, openedAt: now.toISOString() } }];
}

/**
 * A raised capacity promotes from the head of the waiting list as many as fit, in the same decision. A lowered
 * one never removes a confirmed person: it only stops new confirmations until cancellations bring the count down.
 */
export function changeCapacity({ capacity, now }: CommandOf<'ChangeCapacity'>, state: Offering): OfferingDecision {
  const offering = openOffering(state);
  if ('rejected' in offering) return offering;
  if (capacity === offering.terms.capacity) return [];
  const at = now.toISOString();
  const changed: OfferingEvent = { type: 'CapacityChanged', data: { capacity, changedAt: at } };
  return [changed, ...promotions(evolve(offering, changed), at)];
}

/** A new date, time, venue or meeting link keeps every registration; later events carry the new snapshot. */
export function reschedule(command: CommandOf<'RescheduleOffering'>, state: Offering): OfferingDecision {
  const offering = openOffering(state);
  if ('rejected' in offering) return offering;
  const { startsAt, endsAt, venue, onlineLink } = command;
  const before = offering.terms;
  const { onlineLink: _replaced, ...kept } = before.snapshot;
  const snapshot = { ...kept, startsAt, endsAt, venue, ...(onlineLink ? { onlineLink } : {}) };
  const registrationDeadline = command.registrationDeadline ?? before.registrationDeadline;
  const unchanged =
    startsAt === before.snapshot.startsAt &&
    endsAt === before.snapshot.endsAt &&
    venue === before.snapshot.venue &&
    onlineLink === before.snapshot.onlineLink &&
    registrationDeadline === before.registrationDeadline;
  if (unchanged) return [];
  return [
    {
      type: 'OfferingRescheduled',
      data: { snapshot, previous: before.snapshot, registrationDeadline, rescheduledAt: command.now.toISOString() },
    },
  ];
}

/** The institute cancels: every active registration goes free of charge, nobody is promoted, then the offering closes. */
export function cancelOffering({ by, now }: CommandOf<'CancelOffering'>, state: Offering): OfferingDecision {
  if (state.status === 'unknown') return reject('offering-not-open', 'There is no open offering with this id');
  if (state.status === 'cancelled') return []; // cancelled already: the request may arrive twice
  const at = now.toISOString();
  const cancellations = [...state.registrations.values()].filter(isActive).map(
    (seat): OfferingEvent => ({
      type: 'RegistrationCancelled',
      data: {
        registrationId: seat.registrationId,
        previousStatus: seat.status === 'confirmed' ? 'confirmed' : 'waitlisted',
        reason: 'institute',
        classification: FREE,
        cancelledBy: by,
        cancelledAt: at,
      },
    }),
  );
  return [...cancellations, { type: 'OfferingCancelled', data: { cancelledBy: by, cancelledAt: at } }];
}
