import {
  type DataOf,
  type EventParticipant,
  isErased,
  type OfferingSnapshot,
  ParticipantErased,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
} from '@seminarwerk/contracts';
import type { Inbox } from '@seminarwerk/postgres';
import type { Billing, ConfirmedRegistration } from '../app/billing.ts';
import type { Erasures } from '../app/erasure.ts';
import { berlinDay } from '../app/rows.ts';
import type { Tx } from '../db.ts';

/** The actor of invoice events a registration event caused; the event itself is their causation id. */
const REGISTRATION = { actor: 'registration' };

/**
 * What invoicing does with registration's events. The inbox validates each against its contract and records
 * it as processed in the transaction the handler writes in, so a redelivered event does nothing. Attendance
 * is not consumed: a recorded absence changes no bill (a no-show who did not cancel pays the full fee).
 */
export const invoicingConsumers = (billing: Billing, erasures: Erasures) => (on: Inbox<Tx>['on']) => {
  on(RegistrationConfirmed, async (data, { tx }) => {
    await billing.open(tx, confirmedRegistration(data), REGISTRATION);
    return undefined;
  });
  on(RegistrationCancelled, async (data, { tx }) => {
    if (data.previousStatus !== 'confirmed') return undefined;
    await billing.cancel(
      tx,
      { registrationId: data.registrationId, reason: data.reason, classification: { ...data.classification } },
      REGISTRATION,
    );
    return undefined;
  });
  on(RegistrationSubstituted, async (data, { tx }) => {
    await billing.rename(tx, data.registrationId, nameOf(data.participant), data.substitutedAt, REGISTRATION);
    return undefined;
  });
  on(RegistrationRescheduled, async (data, { tx }) => {
    if (data.status !== 'confirmed') return undefined;
    const { serviceDate, lastDay } = daysOf(data.offering);
    await billing.reschedule(tx, data.registrationId, serviceDate, lastDay, REGISTRATION);
    return undefined;
  });
  on(ParticipantErased, async (data, { tx, event }) => {
    await erasures.apply(tx, data, event.id);
    return undefined;
  });
};

/** The name a line prints; an erased participant's is empty, and the line names nobody (as a legacy position's). */
const nameOf = (p: EventParticipant) => (isErased(p) ? '' : `${p.firstName} ${p.lastName}`);

/** The seminar's first and last day in Europe/Berlin, as the invoice line dates them. */
function daysOf(offering: OfferingSnapshot) {
  return { serviceDate: berlinDay(new Date(offering.startsAt)), lastDay: berlinDay(new Date(offering.endsAt)) };
}

/** The public event's fields as invoicing keeps them. */
function confirmedRegistration(data: DataOf<typeof RegistrationConfirmed>): ConfirmedRegistration {
  return {
    registrationId: data.registrationId,
    offeringId: data.offeringId,
    municipalityId: data.municipalityId,
    participant: nameOf(data.participant),
    title: data.offering.title,
    ...daysOf(data.offering),
    fee: { amountCents: data.fee.amountCents, currency: data.fee.currency },
    vat: data.vat,
    purchaseOrderReference: data.purchaseOrderReference ?? null,
  };
}
