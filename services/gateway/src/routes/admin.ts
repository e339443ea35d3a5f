import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireStaff } from '../auth/middleware.ts';
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import { json, keyRequired, operation } from './openapi.ts';

/** What the back office reads from notification: the e-mail delivery log. */
export function adminRoutes(app: OpenAPIHono, notification: Upstream) {
  forwardingTo(app, notification)(
    operation({
      method: 'get',
      path: '/v1/notifications/deliveries',
      operationId: 'listEmailDeliveries',
      tags: ['Administration'],
      summary: 'The e-mail delivery log (back office)',
      security: keyRequired,
      request: {
        query: z.object({
          registrationId: z.uuid().optional(),
          invoiceId: z.uuid().optional().openapi({ description: 'The mails that sent this invoice or credit note' }),
          triggerEventId: z.string().optional(),
          status: z.enum(['pending', 'sent', 'failed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Deliveries') },
    }),
    { caller: requireStaff, to: '/deliveries' },
  );
}
