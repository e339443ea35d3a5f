import { berlinDate, calendarDaysBetween } from './calendar.ts';
import { type CommandOf, type OfferingDecision, reject } from './commands.ts';
import type { CancellationClassification, OfferingEvent } from './events.ts';
import { placeOn } from './guards.ts';
import { evolve, type Offering, type Seat } from './offering.ts';
import type { Money, OfferingTerms } from './terms.ts';
import { promotions } from './waitlist.ts';

export const FREE: CancellationClassification = { kind: 'free', feePercent: 0 };

/** The participant's cancellation frees the seat and promotes the head of the waiting list in the same decision. */
export function cancel({ registrationId, by, now }: CommandOf<'Cancel'>, state: Offering): OfferingDecision {
  const place = placeOn(state, registrationId);
  if ('rejected' in place) return place;
  const { offering, seat } = place;
  if (seat.status === 'cancelled') return reject('already-cancelled', 'This registration is already cancelled', seat);
  const at = now.toISOString();
  const cancelled: OfferingEvent = {
    type: 'RegistrationCancelled',
    data: {
      registrationId,
      previousStatus: seat.status,
      reason: 'participant',
      classification: classify(seat.status, offering.terms, now),
      cancelledBy: by,
      cancelledAt: at,
    },
  };
  return [cancelled, ...promotions(evolve(offering, cancelled), at)];
}

/**
 * What a participant's cancellation costs. A place on the waiting list costs nothing. A confirmed place is free
 * until `freeUntilDaysBefore` whole days before the start date (Europe/Berlin calendar days, so the time of day
 * does not matter), late after that, and a no-show once the offering has started.
 */
export function classify(status: Exclude<Seat['status'], 'cancelled'>, terms: OfferingTerms, now: Date): CancellationClassification {
  if (status === 'waitlisted') return FREE;
  const { freeUntilDaysBefore, lateCancellationFeePercent, noShowFeePercent } = terms.cancellationTerms;
  const startsAt = new Date(terms.snapshot.startsAt);
  if (now.getTime() >= startsAt.getTime()) return { kind: 'no-show', feePercent: noShowFeePercent };
  const daysBefore = calendarDaysBetween(berlinDate(now), berlinDate(startsAt));
  return daysBefore >= freeUntilDaysBefore ? FREE : { kind: 'late', feePercent: lateCancellationFeePercent };
}

/**
 * The amount a classification bills (net), in whole cents rounded half up: the rule invoicing charges by
 * (services/invoicing/src/domain/money.ts `percentOf`), so a preview names the amount the invoice will show.
 */
export function cancellationFee(terms: OfferingTerms, { feePercent }: CancellationClassification): Money {
  return { amountCents: Math.floor((terms.fee.amountCents * feePercent + 50) / 100), currency: terms.fee.currency };
}
