import {
  CreditNoteIssued,
  type EventContract,
  InvoiceIssued,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { reject } from '@seminarwerk/decider';
import { currentTrace } from '@seminarwerk/logging';
import type { Inbox } from '@seminarwerk/postgres';
import type { z } from 'zod';
import type { DeliveryLog } from '../app/deliveries.ts';
import type { Tx } from '../db.ts';
import { creditNoteMail, damagedDocument, invoiceMail } from '../mail/invoice-mails.ts';
import type { Mailbox } from '../mail/mailbox.ts';
import {
  cancellationMail,
  confirmationMail,
  type OutgoingMail,
  rescheduleMail,
  substitutionMails,
  waitlistMail,
} from '../mail/templates.ts';

/** The inbox's name for this service's consumer (startService names it after the service). */
export const CONSUMER = 'notification';

/** The one thing notification refuses: an invoice document whose bytes are not the ones issued. */
export type NotificationRejectionCode = 'document-damaged';

/**
 * Each event queues its e-mails in the transaction in which the inbox records it, so a redelivered event
 * queues nothing; the mail sender does the sending.
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

  /**
   * An issued invoice or credit note goes to the municipality's invoice address with its XRechnung and PDF. A
   * document that does not match its recorded hash is refused (recorded in the inbox, logged) and nothing is sent.
   */
  function documentMailFor<C extends typeof InvoiceIssued | typeof CreditNoteIssued>(
    contract: C,
    render: (data: z.infer<C['data']>) => OutgoingMail,
  ): void {
    on(contract, async (data, { tx, event }) => {
      const damaged = damagedDocument(data.documents);
      if (damaged) {
        return reject<NotificationRejectionCode>(
          'document-damaged',
          `${damaged.fileName} of ${data.number} does not match its SHA-256; not sent`,
        );
      }
      const { correlationId } = currentTrace();
      await deliveries.schedule(tx, { eventId: event.id, invoiceId: data.invoiceId, correlationId }, render(data as z.infer<C['data']>));
      return undefined;
    });
  }

  mailFor(RegistrationConfirmed, (data) => confirmationMail(data, institute));
  mailFor(RegistrationWaitlisted, (data) => waitlistMail(data, institute));
  mailFor(RegistrationCancelled, (data) => cancellationMail(data, institute));
  mailFor(RegistrationRescheduled, (data) => rescheduleMail(data, institute));
  mailFor(RegistrationSubstituted, (data) => substitutionMails(data, institute));
  documentMailFor(InvoiceIssued, (data) => invoiceMail(data, institute));
  documentMailFor(CreditNoteIssued, (data) => creditNoteMail(data, institute));
};
