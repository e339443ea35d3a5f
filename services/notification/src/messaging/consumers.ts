import {
  type DataOf,
  type EventContract,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { currentTrace } from '@seminarwerk/logging';
import type { EventHandler } from '@seminarwerk/messaging';
import { prismaSql, recordProcessed } from '@seminarwerk/postgres';
import type { DeliveryLog } from '../app/deliveries.ts';
import type { Db } from '../db.ts';
import type { Mailbox } from '../mail/mailbox.ts';
import {
  cancellationMail,
  confirmationMail,
  type OutgoingMail,
  rescheduleMail,
  substitutionMails,
  waitlistMail,
} from '../mail/templates.ts';

export const CONSUMER = 'notification';

/**
 * Each event queues its e-mail in the transaction that records it in the inbox, so a redelivered
 * event queues nothing; the mail sender does the sending.
 */
export function notificationHandlers(db: Db, deliveries: DeliveryLog, institute: Mailbox): Record<string, EventHandler> {
  function mailFor<C extends EventContract>(
    contract: C,
    render: (data: DataOf<C>) => OutgoingMail | OutgoingMail[],
  ): Record<string, EventHandler> {
    return {
      [contract.type]: (event) =>
        db.$transaction(async (tx) => {
          if (!(await recordProcessed(prismaSql(tx), CONSUMER, event.id))) return;
          const data = event.data as DataOf<C> & { registrationId: string };
          const { correlationId } = currentTrace();
          for (const mail of [render(data)].flat()) {
            await deliveries.schedule(tx, { eventId: event.id, registrationId: data.registrationId, correlationId }, mail);
          }
        }),
    };
  }

  return {
    ...mailFor(RegistrationConfirmed, (data) => confirmationMail(data, institute)),
    ...mailFor(RegistrationWaitlisted, (data) => waitlistMail(data, institute)),
    ...mailFor(RegistrationCancelled, (data) => cancellationMail(data, institute)),
    ...mailFor(RegistrationRescheduled, (data) => rescheduleMail(data, institute)),
    ...mailFor(RegistrationSubstituted, (data) => substitutionMails(data, institute)),
  };
}
