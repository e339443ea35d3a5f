import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '../db.ts';
import type { Delivery as DeliveryRow } from '../generated/prisma/client.ts';
import type { MailAttachment, OutgoingMail } from '../mail/templates.ts';

/** `failed` only after a permanent SMTP rejection. The list is also a CHECK constraint on `deliveries.status`. */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What the mail sender needs, stored with the delivery so it can be sent (again) without re-rendering. */
export interface DeliveryPayload {
  toName: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** The event a message answers, and what it is about: a registration, or an invoice or credit note. */
export interface Trigger {
  eventId: string;
  registrationId?: string;
  invoiceId?: string;
  correlationId?: string;
}

export interface DeliveryFilter {
  triggerEventId?: string;
  registrationId?: string;
  invoiceId?: string;
  status?: DeliveryStatus;
  limit: number;
}

/** An entry of the delivery log; the message itself (bodies, attachments) stays out of it. */
export interface DeliveryRecord {
  id: string;
  triggerEventId: string;
  template: string;
  registrationId: string | null;
  invoiceId: string | null;
  recipient: string;
  subject: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  sentAt: string | null;
  messageId: string;
  correlationId: string | null;
  createdAt: string;
}

/** A Message-ID that stays the same on every attempt, so a receiver can drop a duplicate. */
export const messageIdOf = (deliveryId: string) => `<${deliveryId}@seminarwerk>`;

export function deliveryLog(db: Db) {
  return {
    /**
     * Queues a message in the caller's transaction (the one that records the triggering event in
     * the inbox). A second message of the same template for the same event is silently dropped.
     */
    async schedule(tx: Tx, trigger: Trigger, mail: OutgoingMail): Promise<void> {
      const id = randomUUID();
      const payload: DeliveryPayload = { toName: mail.to.name, text: mail.text, html: mail.html, attachments: mail.attachments };
      await tx.delivery.createMany({
        data: [
          {
            id,
            triggerEventId: trigger.eventId,
            template: mail.template,
            registrationId: trigger.registrationId ?? null,
            invoiceId: trigger.invoiceId ?? null,
            recipient: mail.to.address,
            subject: mail.subject,
            payload: payload as object,
            messageId: messageIdOf(id),
            correlationId: trigger.correlationId ?? null,
          },
        ],
        skipDuplicates: true,
      });
    },

    async list(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
      const rows = await db.delivery.findMany({
        where: {
          triggerEventId: filter.triggerEventId,
          registrationId: filter.registrationId,
          invoiceId: filter.invoiceId,
          status: filter.status,
        },
        omit: { payload: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: filter.limit,
      });
      return rows.map(toRecord);
    },
  };
}
export type DeliveryLog = ReturnType<typeof deliveryLog>;

function toRecord(row: Omit<DeliveryRow, 'payload'>): DeliveryRecord {
  return {
    id: row.id,
    triggerEventId: row.triggerEventId,
    template: row.template,
    registrationId: row.registrationId,
    invoiceId: row.invoiceId,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    messageId: row.messageId,
    correlationId: row.correlationId,
    createdAt: row.createdAt.toISOString(),
  };
}
