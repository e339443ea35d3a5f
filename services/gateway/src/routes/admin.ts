import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { EmailDelivery, EmailDeliveryPage, EmailDeliveryQuery } from '@seminarwerk/contracts/api';
import { requireStaff } from '../auth/middleware.ts';
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import { IdempotencyHeaders, json, keyRequired, operation, problems } from './openapi.ts';

const DeliveryParams = z.object({
  deliveryId: z.uuid().openapi({ param: { name: 'deliveryId', in: 'path' }, example: '5b0e2d9c-7f1a-4e3b-9c8d-2a1b0c9d8e7f' }),
});

const deliveryExample: EmailDelivery = {
  id: '5b0e2d9c-7f1a-4e3b-9c8d-2a1b0c9d8e7f',
  triggerEventId: '8c7b6a59-4e3d-4c2b-9a1f-0e9d8c7b6a59',
  template: 'invoice-issued',
  registrationId: null,
  invoiceId: 'c5a1f0d2-8e3b-4f7a-9b6c-1d2e3f4a5b6c',
  recipient: 'rechnungseingang@oldenburg.example',
  subject: 'Rechnung RE-2027-00001',
  status: 'pending',
  attempts: 0,
  lastError: null,
  nextAttemptAt: '2027-02-17T09:30:00.000Z',
  sentAt: null,
  messageId: '<5b0e2d9c-7f1a-4e3b-9c8d-2a1b0c9d8e7f@seminarwerk>',
  correlationId: null,
  resendOf: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  createdAt: '2027-02-17T09:30:00.000Z',
};

/** What the back office reads from notification, and does with it: the e-mail delivery log, and resending. */
export function adminRoutes(app: OpenAPIHono, notification: Upstream) {
  const forwarded = forwardingTo(app, notification);
  forwarded(
    operation({
      method: 'get',
      path: '/v1/notifications/deliveries',
      operationId: 'listEmailDeliveries',
      tags: ['Administration'],
      summary: 'The e-mail delivery log, newest first, with cursor pagination (back office)',
      description:
        'Filtered by `status`, `template`, `since` (queued at or after), a registration, an invoice or the triggering event. ' +
        '`limit` 1–500 (default 100); pass `nextCursor` as `cursor` for the next (older) page. Bodies and attachments stay out.',
      security: keyRequired,
      request: { query: EmailDeliveryQuery },
      responses: {
        200: json(EmailDeliveryPage, 'A page of deliveries', { items: [deliveryExample], nextCursor: null }),
        ...problems(400, 403),
      },
    }),
    { caller: requireStaff, to: '/deliveries' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/notifications/deliveries/{deliveryId}/resend',
      operationId: 'resendEmail',
      tags: ['Administration'],
      summary: 'Send an e-mail again, as a new delivery (back office)',
      description:
        'The same message as the log keeps it (recipient, subject, bodies, attachments byte for byte) with a Message-ID of its ' +
        'own; the new delivery names the first one in `resendOf` and is sent like any other. While the message, or a resend ' +
        'of it, still waits to be sent: 409 `resend-pending` with `pendingDeliveryId`. Sent longer ago than the log keeps ' +
        'bodies (30 days): 409 `mail-body-purged`.',
      security: keyRequired,
      request: { params: DeliveryParams, headers: IdempotencyHeaders },
      responses: { 201: json(EmailDelivery, 'The new delivery, pending', deliveryExample), ...problems(403, 404, 409) },
    }),
    { caller: requireStaff, to: '/deliveries/{deliveryId}/resend' },
  );
}
