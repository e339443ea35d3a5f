import { randomUUID } from 'node:crypto';
import type { EmailDelivery, EmailDeliveryQuery } from '@seminarwerk/contracts/api';
import { AppError, decodeCursor, encodeCursor } from '@seminarwerk/http';
import type { RetentionPolicy } from '@seminarwerk/runtime';
import type { Db, Tx } from '../db.ts';
import type { Delivery as DeliveryRow } from '../generated/prisma/client.ts';
import type { MailAttachment, OutgoingMail } from '../mail/templates.ts';

/**
 * `failed` only after a permanent SMTP rejection; `erased`: the recipient's data was erased before it was sent, so it
 * never is. The list is also a CHECK constraint on `deliveries.status`.
 */
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'erased'] as const;
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
  /** When the event happened (its `time`); none: now (a notice of notification's own). */
  occurredAt?: string;
  registrationId?: string;
  invoiceId?: string;
  correlationId?: string;
}

export type DeliveryRecord = EmailDelivery;

export const DELIVERY_NOT_FOUND = { code: 'delivery-not-found', detail: 'There is no e-mail delivery with this id' };

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
      // Raw SQL: Prisma compiles every createMany anew, and this runs once per e-mail in the consumer's transaction.
      await tx.$executeRawUnsafe(
        `INSERT INTO deliveries (id, trigger_event_id, template, registration_id, invoice_id, recipient, subject, payload,
                                 message_id, correlation_id, occurred_at)
         VALUES ($1::uuid, $2, $3, $4::uuid, $5::uuid, $6, $7, $8::jsonb, $9, $10, coalesce($11::timestamptz, now()))
         ON CONFLICT DO NOTHING`,
        id,
        trigger.eventId,
        mail.template,
        trigger.registrationId ?? null,
        trigger.invoiceId ?? null,
        mail.to.address,
        mail.subject,
        JSON.stringify(payload),
        messageIdOf(id),
        trigger.correlationId ?? null,
        trigger.occurredAt ?? null,
      );
    },

    /** The log newest first, a page at a time (keyset over created_at and id, both descending). */
    async list(query: EmailDeliveryQuery): Promise<{ items: DeliveryRecord[]; nextCursor: string | null }> {
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await db.delivery.findMany({
        where: {
          triggerEventId: query.triggerEventId,
          registrationId: query.registrationId,
          invoiceId: query.invoiceId,
          status: query.status,
          template: query.template,
          ...(query.since ? { createdAt: { gte: new Date(query.since) } } : {}),
          ...(after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {}),
        },
        omit: { payload: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toRecord),
        nextCursor: last && rows.length > query.limit ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
      };
    },

    /**
     * Sends a delivery's message again as a new delivery: the same recipient, subject, bodies and attachments as the
     * log stores them (so the same bytes), a Message-ID of its own, `resendOf` naming the first delivery of the
     * message. One transaction: the original is locked, so of two requests at once the second sees the first's
     * resend pending and is refused (409 `resend-pending`), as it is while the message itself is still pending.
     */
    async resend(deliveryId: string): Promise<DeliveryRecord> {
      return db.$transaction(async (tx) => {
        const [asked] = await tx.$queryRaw<{ id: string; resend_of: string | null }[]>`
          SELECT id::text, resend_of::text FROM deliveries WHERE id = ${deliveryId}::uuid`;
        if (!asked) throw new AppError(404, DELIVERY_NOT_FOUND.code, DELIVERY_NOT_FOUND.detail);
        const firstId = asked.resend_of ?? asked.id;
        const [first] = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM deliveries WHERE id = ${firstId}::uuid FOR UPDATE`;
        if (!first) throw new Error(`${deliveryId}: resend of a delivery that is gone`);
        const pending = await tx.delivery.findFirst({
          where: { OR: [{ id: firstId }, { resendOf: firstId }], status: 'pending' },
          select: { id: true },
        });
        if (pending) {
          throw new AppError(409, 'resend-pending', 'This e-mail is still waiting to be sent; see the delivery named', {
            pendingDeliveryId: pending.id,
          });
        }
        const original = await tx.delivery.findUniqueOrThrow({ where: { id: firstId } });
        if (isErasedPayload(original.payload)) {
          throw new AppError(409, 'participant-erased', 'The recipient’s data was erased; this e-mail cannot be sent again');
        }
        if (isPurged(original.payload)) {
          throw new AppError(
            409,
            'mail-body-purged',
            'This e-mail was sent longer ago than the delivery log keeps bodies (MAIL_BODY_RETENTION_DAYS); it cannot be sent again',
          );
        }
        const id = randomUUID();
        const row = await tx.delivery.create({
          data: {
            id,
            triggerEventId: original.triggerEventId,
            template: original.template,
            registrationId: original.registrationId,
            invoiceId: original.invoiceId,
            recipient: original.recipient,
            subject: original.subject,
            payload: original.payload as object,
            messageId: messageIdOf(id),
            correlationId: original.correlationId,
            occurredAt: original.occurredAt,
            resendOf: firstId,
          },
          omit: { payload: true },
        });
        return toRecord(row);
      });
    },
  };
}
export type DeliveryLog = ReturnType<typeof deliveryLog>;

/**
 * What a purged (or erased) delivery's payload holds instead of the message: no name, no bodies, no attachments. It is
 * marked with `purgedAt` (retention) or `erasedAt` (src/app/erasures.ts).
 */
export const PURGED_PAYLOAD = { toName: null, text: '', html: '', attachments: [] };

const marked = (payload: unknown, mark: 'purgedAt' | 'erasedAt') => typeof payload === 'object' && payload !== null && mark in payload;
const isPurged = (payload: unknown) => marked(payload, 'purgedAt');
const isErasedPayload = (payload: unknown) => marked(payload, 'erasedAt');

/** Not sent because the recipient's data was erased: what the log says in `lastError` of such a delivery. */
const NOT_SENT_ERASED = 'not sent: the recipient’s data was erased';

/**
 * The delivery log keeps a sent (or finally failed) message's bodies, attachments and the recipient's name only for
 * `days` (docs/privacy.md): then the payload is blanked, marked with when. Who got which template when stays.
 */
export const mailBodies = (db: Db, days: number): RetentionPolicy => ({
  category: 'e-mail bodies in the delivery log',
  days,
  purge: (cutoff) =>
    db.$executeRaw`
      UPDATE deliveries SET payload = ${JSON.stringify(PURGED_PAYLOAD)}::jsonb || jsonb_build_object('purgedAt', now())
       WHERE status IN ('sent', 'failed') AND coalesce(sent_at, created_at) < ${cutoff}
         AND NOT payload ? 'purgedAt' AND NOT payload ? 'erasedAt'`,
});

function toRecord(row: Omit<DeliveryRow, 'payload'>): DeliveryRecord {
  return {
    id: row.id,
    triggerEventId: row.triggerEventId,
    template: row.template as DeliveryRecord['template'],
    registrationId: row.registrationId,
    invoiceId: row.invoiceId,
    recipient: row.recipient,
    subject: row.subject,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastError: row.status === 'erased' ? NOT_SENT_ERASED : row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    messageId: row.messageId,
    correlationId: row.correlationId,
    resendOf: row.resendOf,
    createdAt: row.createdAt.toISOString(),
  };
}
