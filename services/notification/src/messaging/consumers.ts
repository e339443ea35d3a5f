import {
  AttendanceRecorded,
  type CloudEvent,
  CreditNoteIssued,
  CustomerChanged,
  type DataOf,
  type EventContract,
  InvoiceIssued,
  InvoicePaymentRecorded,
  ParticipantErased,
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
import type { Contacts } from '../app/contacts.ts';
import type { DeliveryLog } from '../app/deliveries.ts';
import type { Erasures } from '../app/erasures.ts';
import type { EventFeed, PublicEvent } from '../app/event-feed.ts';
import type { Tx } from '../db.ts';
import { creditNoteMail, damagedDocument, invoiceMail } from '../mail/invoice-mails.ts';
import type { Mailbox } from '../mail/mailbox.ts';
import {
  cancellationMail,
  confirmationMail,
  type OutgoingMail,
  rescheduleMail,
  substitutionMails,
  toParticipant,
  waitlistMail,
} from '../mail/templates.ts';
import {
  attendanceEvents,
  cancelledEvents,
  confirmedEvents,
  creditNoteIssuedEvents,
  invoiceIssuedEvents,
  paymentEvents,
  rescheduledEvents,
  substitutedEvents,
  waitlistedEvents,
} from './public-events.ts';

/** The inbox's name for this service's consumer (startService names it after the service). */
export const CONSUMER = 'notification';

/** The one thing notification refuses: an invoice document whose bytes are not the ones issued. */
export type NotificationRejectionCode = 'document-damaged';

/**
 * What the consumer writes to: e-mails, the event feed (with its webhooks), the municipalities' contacts, and the
 * erasures of participants' data from all of them.
 */
export interface NotificationOutlets {
  deliveries: DeliveryLog;
  feed: EventFeed;
  contacts: Contacts;
  erasures: Erasures;
  institute: Mailbox;
}

type PublicEventsOf<C extends EventContract> = (data: DataOf<C>, source: CloudEvent) => PublicEvent[];

/**
 * Each event queues its e-mails and records its public events (queuing their webhooks) in the transaction in which
 * the inbox records it, so a redelivered event queues nothing; the mail and webhook senders do the sending.
 */
export const notificationConsumers =
  ({ deliveries, feed, contacts, erasures, institute }: NotificationOutlets) =>
  (on: Inbox<Tx>['on']) => {
    /** Registers the e-mails `render` writes and the public events `publish` maps for each event of `contract`. */
    function mailFor<C extends EventContract<string, z.ZodType<{ registrationId: string }>>>(
      contract: C,
      render: (data: DataOf<C>) => OutgoingMail | OutgoingMail[],
      publish: PublicEventsOf<C>,
    ): void {
      on(contract, async (data, { tx, event }) => {
        await feed.record(tx, publish(data, event));
        const { correlationId } = currentTrace();
        for (const mail of [render(data)].flat()) {
          const trigger = { eventId: event.id, occurredAt: event.time, registrationId: data.registrationId, correlationId };
          await deliveries.schedule(tx, trigger, mail);
        }
        return undefined;
      });
    }

    /**
     * An issued invoice or credit note goes to the municipality's invoice address with its XRechnung and PDF. A
     * document that does not match its recorded hash is refused (recorded in the inbox, logged) and nothing is mailed;
     * partners still hear that it was issued, and download the stored documents.
     */
    function documentMailFor<C extends typeof InvoiceIssued | typeof CreditNoteIssued>(
      contract: C,
      render: (data: DataOf<C>) => OutgoingMail,
      publish: PublicEventsOf<C>,
    ): void {
      on(contract, async (data, { tx, event }) => {
        await feed.record(tx, publish(data, event));
        const damaged = damagedDocument(data.documents);
        if (damaged) {
          return reject<NotificationRejectionCode>(
            'document-damaged',
            `${damaged.fileName} of ${data.number} does not match its SHA-256; not sent`,
          );
        }
        const { correlationId } = currentTrace();
        await deliveries.schedule(
          tx,
          { eventId: event.id, occurredAt: event.time, invoiceId: data.invoiceId, correlationId },
          render(data),
        );
        return undefined;
      });
    }

    /** Events that only partners hear of (no e-mail). */
    function publicOnly<C extends EventContract>(contract: C, publish: PublicEventsOf<C>): void {
      on(contract, async (data, { tx, event }) => {
        await feed.record(tx, publish(data, event));
        return undefined;
      });
    }

    mailFor(RegistrationConfirmed, (data) => toParticipant(data, (d) => confirmationMail(d, institute)), confirmedEvents);
    mailFor(RegistrationWaitlisted, (data) => toParticipant(data, (d) => waitlistMail(d, institute)), waitlistedEvents);
    mailFor(RegistrationCancelled, (data) => toParticipant(data, (d) => cancellationMail(d, institute)), cancelledEvents);
    mailFor(RegistrationRescheduled, (data) => toParticipant(data, (d) => rescheduleMail(d, institute)), rescheduledEvents);
    mailFor(RegistrationSubstituted, (data) => substitutionMails(data, institute), substitutedEvents);
    documentMailFor(InvoiceIssued, (data) => invoiceMail(data, institute), invoiceIssuedEvents);
    documentMailFor(CreditNoteIssued, (data) => creditNoteMail(data, institute), creditNoteIssuedEvents);
    publicOnly(AttendanceRecorded, attendanceEvents);
    publicOnly(InvoicePaymentRecorded, paymentEvents);
    on(ParticipantErased, async (data, { tx }) => {
      await erasures.apply(tx, data);
      return undefined;
    });
    on(CustomerChanged, async (data, { tx }) => {
      await contacts.changed(tx, { municipalityId: data.customerId, name: data.name, email: data.invoiceEmail }, new Date(data.changedAt));
      return undefined;
    });
  };
