import { z } from '@hono/zod-openapi';
import { Cursor, Id, Text } from '../shared.ts';

/** The e-mails notification sends, one template each (also a CHECK constraint on its `deliveries.template`). */
export const EMAIL_TEMPLATES = [
  'registration-confirmed',
  'waitlist-promoted',
  'registration-waitlisted',
  'registration-cancelled',
  'offering-rescheduled',
  'substitute-confirmed',
  'substitute-replaced',
  'invoice-issued',
  'credit-note-issued',
  'webhook-disabled',
] as const;

export const EmailDeliveryStatus = z.enum(['pending', 'sent', 'failed', 'erased']).openapi({
  description:
    "`pending`: waiting to be sent (again, after a temporary failure). `failed`: the mail server refused it for good. `erased`: not sent, because the recipient's data was erased first (it cannot be sent again)",
});

export const EmailDeliveryQuery = z.object({
  status: EmailDeliveryStatus.optional(),
  template: z.enum(EMAIL_TEMPLATES).optional(),
  since: z.iso
    .datetime({ offset: true })
    .max(40)
    .optional()
    .openapi({ description: 'Only deliveries queued at or after this time', example: '2027-03-01T00:00:00Z' }),
  registrationId: Id.optional(),
  invoiceId: Id.optional().openapi({ description: 'The mails that sent this invoice or credit note' }),
  triggerEventId: Text.min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: Cursor.optional().openapi({ description: '`nextCursor` of the previous page (opaque)' }),
});
export type EmailDeliveryQuery = z.infer<typeof EmailDeliveryQuery>;

/** An entry of the delivery log: the message itself (bodies, attachments) stays out of it. */
export const EmailDelivery = z
  .object({
    id: z.uuid(),
    triggerEventId: z.string().openapi({ description: 'The event the e-mail answers' }),
    template: z.enum(EMAIL_TEMPLATES),
    registrationId: z.uuid().nullable(),
    invoiceId: z.uuid().nullable(),
    recipient: z.string(),
    subject: z.string(),
    status: EmailDeliveryStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable().openapi({ description: 'The mail server’s last answer when an attempt failed' }),
    nextAttemptAt: z.iso.datetime({ offset: true }),
    sentAt: z.iso.datetime({ offset: true }).nullable(),
    messageId: z.string().openapi({ description: 'The Message-ID, the same on every attempt; a resend has its own' }),
    correlationId: z.string().nullable(),
    resendOf: z.uuid().nullable().openapi({ description: 'A resend: the delivery whose message it sends again' }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('EmailDelivery');
export type EmailDelivery = z.infer<typeof EmailDelivery>;

export const EmailDeliveryPage = z
  .object({ items: z.array(EmailDelivery), nextCursor: z.string().nullable() })
  .openapi('EmailDeliveryPage', { description: 'Newest first' });
export type EmailDeliveryPage = z.infer<typeof EmailDeliveryPage>;
