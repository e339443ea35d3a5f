import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiKeys } from '../auth/api-keys.ts';
import { requireStaff } from '../auth/middleware.ts';
import { forward, queryString, type Upstream } from '../proxy.ts';
import { IdempotencyHeaders, json, jsonBody, problems, relay, security } from './openapi.ts';

const ApiKeyInput = z
  .object({
    name: z.string().min(1).max(200),
    role: z.enum(['partner', 'back-office']),
    municipalityId: z
      .string()
      .regex(/^[a-z0-9-]{2,60}$/)
      .optional(),
  })
  .refine((k) => (k.role === 'partner') === (k.municipalityId !== undefined), {
    path: ['municipalityId'],
    message: 'a partner key needs a municipalityId; a back-office key has none',
  })
  .openapi('ApiKeyInput');

const CreatedApiKey = z
  .object({
    id: z.uuid(),
    key: z.string().openapi({ description: 'Shown once; store it safely' }),
    name: z.string(),
    role: z.string(),
    municipalityId: z.string().nullable(),
  })
  .openapi('CreatedApiKey');

export function adminRoutes(app: OpenAPIHono, keys: ApiKeys, notification: Upstream) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/api-keys',
      tags: ['Administration'],
      summary: 'Create an API key for a partner municipality or staff (back office)',
      security,
      request: { headers: IdempotencyHeaders, body: jsonBody(ApiKeyInput) },
      responses: { 201: json(CreatedApiKey, 'The new key (shown once)'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      requireStaff(c);
      // no-store: the idempotency layer must not keep the plaintext key (see idempotency.ts).
      return c.json(await keys.create(c.req.valid('json')), 201, { 'cache-control': 'no-store' });
    },
  );

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
