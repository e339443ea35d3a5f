import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { MunicipalityId } from '@seminarwerk/contracts';
import {
  CreatedWebhookSubscription,
  RedeliveryInput,
  RedeliveryResult,
  RotatedWebhookSecret,
  WEBHOOK_EVENT_TYPES,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookSubscription,
  WebhookSubscriptionInput,
  WebhookSubscriptionList,
  webhookPayloads,
} from '@seminarwerk/contracts/api';
import { requirePrincipal } from '../auth/middleware.ts';
import { forward, queryString, type Upstream } from '../proxy.ts';
import { IdempotencyHeaders, json, jsonBody, problems, relay, security } from './openapi.ts';

const tags = ['Webhooks'];

const SubscriptionParams = z.object({
  subscriptionId: z.uuid().openapi({ param: { name: 'subscriptionId', in: 'path' } }),
});

const ListQuery = z.object({
  municipalityId: MunicipalityId.optional().openapi({ description: 'Back office only (partners see their own)' }),
});

/** A secret shown once: the service marks it `no-store`, which also keeps the idempotency layer from storing it. */
const SECRET_HEADERS = ['cache-control'] as const;

const secretHeaders = z.object({
  'cache-control': z.string().openapi({ description: 'The secret is shown once and kept by no cache', example: 'no-store' }),
});

/**
 * Webhook subscriptions (notification owns them): a partner's are its municipality's; the back office's may be for
 * one municipality or all. The payloads are documented as the OpenAPI document's `webhooks`.
 */
export function webhookRoutes(app: OpenAPIHono, notification: Upstream) {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-subscriptions',
      operationId: 'createWebhookSubscription',
      tags,
      summary: 'Subscribe a URL to events; the signing secret is in the answer, once',
      description:
        'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), at least once, in order per registration, retried with backoff for 3 days. The URL must be https.',
      security,
      request: { headers: IdempotencyHeaders, body: jsonBody(WebhookSubscriptionInput) },
      responses: {
        201: { ...json(CreatedWebhookSubscription, 'The subscription with its secret (shown once)'), headers: secretHeaders },
        ...problems(400, 401, 403, 409),
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const response = await forward(notification, {
        method: 'POST',
        path: '/webhook-subscriptions',
        principal,
        body: c.req.valid('json'),
      });
      return relay(c, response, SECRET_HEADERS);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-subscriptions',
      operationId: 'listWebhookSubscriptions',
      tags,
      summary: 'List webhook subscriptions (partners: their own)',
      security,
      request: { query: ListQuery },
      responses: { 200: json(WebhookSubscriptionList, 'The subscriptions, oldest first'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/webhook-subscriptions${queryString(c.req.valid('query'))}`;
      return relay(c, await forward(notification, { method: 'GET', path, principal }));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-subscriptions/{subscriptionId}',
      operationId: 'getWebhookSubscription',
      tags,
      summary: 'Get a webhook subscription (without its secret)',
      security,
      request: { params: SubscriptionParams },
      responses: { 200: json(WebhookSubscription, 'The subscription'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/webhook-subscriptions/${c.req.valid('param').subscriptionId}`;
      return relay(c, await forward(notification, { method: 'GET', path, principal }));
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/webhook-subscriptions/{subscriptionId}',
      operationId: 'deleteWebhookSubscription',
      tags,
      summary: 'Delete a webhook subscription and its delivery log; nothing more is sent to it',
      security,
      request: { params: SubscriptionParams },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/webhook-subscriptions/${c.req.valid('param').subscriptionId}`;
      const response = await forward(notification, { method: 'DELETE', path, principal });
      return response.status === 204 ? c.body(null, 204) : relay(c, response);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-subscriptions/{subscriptionId}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tags,
      summary: 'A new signing secret (shown once); the old one keeps signing beside it for 24 hours',
      security,
      request: { params: SubscriptionParams, headers: IdempotencyHeaders },
      responses: {
        201: { ...json(RotatedWebhookSecret, 'The new secret (shown once)'), headers: secretHeaders },
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/webhook-subscriptions/${c.req.valid('param').subscriptionId}/rotate-secret`;
      return relay(c, await forward(notification, { method: 'POST', path, principal }), SECRET_HEADERS);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/webhook-subscriptions/{subscriptionId}/deliveries',
      operationId: 'listWebhookDeliveries',
      tags,
      summary: 'The delivery log of a subscription, newest first: status, attempts, last answer (1 KB)',
      security,
      request: { params: SubscriptionParams, query: WebhookDeliveryQuery },
      responses: { 200: json(WebhookDeliveryList, 'Deliveries'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/webhook-subscriptions/${c.req.valid('param').subscriptionId}/deliveries${queryString(c.req.valid('query'))}`;
      return relay(c, await forward(notification, { method: 'GET', path, principal }));
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/webhook-subscriptions/{subscriptionId}/redeliver',
      operationId: 'redeliverWebhooks',
      tags,
      summary: 'Send one delivery again, or every failed one; a disabled subscription becomes active again',
      security,
      request: {
        params: SubscriptionParams,
        headers: IdempotencyHeaders,
        body: { content: { 'application/json': { schema: RedeliveryInput } }, required: false },
      },
      responses: { 202: json(RedeliveryResult, 'Queued'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      const path = `/webhook-subscriptions/${c.req.valid('param').subscriptionId}/redeliver`;
      const body = (c.req.valid('json') as RedeliveryInput | undefined) ?? {};
      return relay(c, await forward(notification, { method: 'POST', path, principal, body }));
    },
  );

  documentWebhooks(app);
}

const SignatureHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'The payload `id`: the same on every retry; deduplicate on it' }),
  'webhook-timestamp': z
    .string()
    .openapi({ description: 'Unix seconds of this attempt; refuse old ones (5 minutes)', example: '1739697600' }),
  'webhook-signature': z.string().openapi({
    description:
      'Space-separated `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">`, one per secret in force (two during a rotation)',
    example: 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  }),
});

/** `registration.attendance-recorded` → `registrationAttendanceRecordedWebhook` */
const webhookOperationId = (type: string) => `${type.replace(/[.-]([a-z])/g, (_, letter: string) => letter.toUpperCase())}Webhook`;

/** Each event type as an OpenAPI 3.1 webhook: what we POST to a subscribed URL. */
function documentWebhooks(app: OpenAPIHono) {
  for (const type of WEBHOOK_EVENT_TYPES) {
    app.openAPIRegistry.registerWebhook({
      method: 'post',
      path: type,
      operationId: webhookOperationId(type),
      tags,
      summary: `${type}: signed per Standard Webhooks`,
      request: { headers: SignatureHeaders, body: { content: { 'application/json': { schema: webhookPayloads[type] } }, required: true } },
      responses: {
        200: { description: 'Any 2xx: delivered. 410 disables the subscription; 5xx, 429 (with Retry-After) and timeouts are retried' },
      },
    });
  }
}
