import {
  type EventContract,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { currentTrace } from '@seminarwerk/logging';
import type { Inbox } from '@seminarwerk/postgres';
import type { z } from 'zod';
import type { DeliveryLog } from '../app/deliveries.ts';
import type { Tx } from '../db.ts';
import type { Mailbox } from '../mail/mailbox.ts';
import {
  cancellationMail,
  confirmationMail,
  type OutgoingMail,
  rescheduleMail,
  substitutionMails,
  waitlistMail,
} from '../mail/templates.ts';

/**
 * Each event queues its e-mails in the transaction in which the inbox records it, so a redelivered event
 * queues nothing; the mail sender does the sending. Notification refuses nothing: it has no rejection codes.
 */
export const notificationConsumers = (deliveries: DeliveryLog, institute: Mailbox) => (on: Inbox<Tx>['on']) => {
  /** Registers the e-mails `render` writes for each event of `contract`. */
  function mailFor<Data extends { registrationId: string }>(
    contract: EventContract<string, z.ZodType<Data>>,
    render: (data: Data) => OutgoingMail | OutgoingMail[],
  ): void {
    on(contract, async (data, { tx, event }) => {
      const { correlationId } = currentTrace();
      for (const mail of [render(data)].flat()) {
        await deliveries.schedule(tx, { eventId: event.id, registrationId: data.registrationId, correlationId }, mail);
      }
      return undefined;
    });
  }

  mailFor(RegistrationConfirmed, (data) => confirmationMail(data, institute));
  mailFor(RegistrationWaitlisted, (data) => waitlistMail(data, institute));
  mailFor(RegistrationCancelled, (data) => cancellationMail(data, institute));
  mailFor(RegistrationRescheduled, (data) => rescheduleMail(data, institute));
  mailFor(RegistrationSubstituted, (data) => substitutionMails(data, institute));
};
