import { type DataOf, RegistrationCancelled, RegistrationConfirmed } from '@seminarwerk/contracts';
import { isRejection } from '@seminarwerk/decider';
import type { Inbox } from '@seminarwerk/postgres';
import type { Invoices } from '../app/invoices.ts';
import type { Tx } from '../db.ts';
import type { ConfirmedRegistration, InvoiceDecision } from '../domain/invoice.ts';

/** The actor of invoice events a registration event caused; the event itself is their causation id. */
const REGISTRATION = 'registration';

/**
 * What invoicing does with registration's events. The inbox validates each against its contract and
 * records it as processed in the transaction the handler writes in, so a redelivered event does nothing.
 */
export const invoicingConsumers = (invoices: Invoices) => (on: Inbox<Tx>['on']) => {
  on(RegistrationConfirmed, async (data, { tx }) => refusal(await invoices.draftFor(tx, confirmedRegistration(data), REGISTRATION)));
  on(RegistrationCancelled, async (data, { tx }) =>
    refusal(await invoices.voidFor(tx, data.registrationId, 'registration cancelled', REGISTRATION)),
  );
};

/** The public event's fields as invoicing's domain declares them. */
function confirmedRegistration(data: DataOf<typeof RegistrationConfirmed>): ConfirmedRegistration {
  return {
    registrationId: data.registrationId,
    offeringId: data.offeringId,
    municipalityId: data.municipalityId,
    fee: { amountCents: data.fee.amountCents, currency: data.fee.currency },
    vat: data.vat,
    title: data.offering.title,
    startsAt: data.offering.startsAt,
  };
}

/** A refused command is handed to the inbox, which records and logs it. */
const refusal = (decision: InvoiceDecision) => (isRejection(decision) ? decision : undefined);
