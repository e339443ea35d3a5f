import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireStaff } from '../auth/middleware.ts';
import { forward, queryString, type Upstream } from '../proxy.ts';
import { json, problems, relay, security } from './openapi.ts';

/** What the back office reads from notification: the e-mail delivery log. */
export function adminRoutes(app: OpenAPIHono, notification: Upstream) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/notifications/deliveries',
      tags: ['Administration'],
      summary: 'The e-mail delivery log (back office)',
      security,
      request: {
        query: z.object({
          registrationId: z.uuid().optional(),
          invoiceId: z.uuid().optional().openapi({ description: 'The mails that sent this invoice or credit note' }),
          triggerEventId: z.string().optional(),
          status: z.enum(['pending', 'sent', 'failed']).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Deliveries'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const path = `/deliveries${queryString(c.req.valid('query'))}`;
      return relay(c, await forward(notification, { method: 'GET', path, principal }));
    },
  );
}
