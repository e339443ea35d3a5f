import { type OpenAPIHono, z } from '@hono/zod-openapi';
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
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import { header, IdempotencyHeaders, json, jsonBody, keyRequired, operation, problems, type Tag } from './openapi.ts';

const tags: [Tag] = ['Webhooks'];

const SubscriptionParams = z.object({
  subscriptionId: z.uuid().openapi({ param: { name: 'subscriptionId', in: 'path' } }),
});

const ListQuery = z.object({
  municipalityId: MunicipalityId.optional().openapi({ description: 'Back office only (partners see their own)' }),
});

/** A secret shown once: the service marks it `no-store`, which also keeps the idempotency layer from storing it. */
const SECRET_HEADERS = ['cache-control'] as const;

const secretHeaders = {
  'cache-control': header('The secret is shown once and kept by no cache', { required: true, example: 'no-store' }),
};

/**
 * Webhook subscriptions (notification owns them): a partner's are its municipality's; the back office's may be for
 * one municipality or all. The payloads are documented as the OpenAPI document's `webhooks`.
 */
export function webhookRoutes(app: OpenAPIHono, notification: Upstream) {
  const forwarded = forwardingTo(app, notification);
  forwarded(
    operation({
      method: 'post',
      path: '/v1/webhook-subscriptions',
      operationId: 'createWebhookSubscription',
      tags,
      summary: 'Subscribe a URL to events; the signing secret is in the answer, once',
      description:
        'Deliveries are signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`), at least once, in order per registration, retried with backoff for 3 days. The URL must be https.',
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBody(WebhookSubscriptionInput) },
      responses: {
        201: { ...json(CreatedWebhookSubscription, 'The subscription with its secret (shown once)'), headers: secretHeaders },
        ...problems(400, 403, 409),
      },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions', passOn: SECRET_HEADERS },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/webhook-subscriptions',
      operationId: 'listWebhookSubscriptions',
      tags,
      summary: 'List webhook subscriptions (partners: their own)',
      security: keyRequired,
      request: { query: ListQuery },
      responses: { 200: json(WebhookSubscriptionList, 'The subscriptions, oldest first'), ...problems(400, 403) },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/webhook-subscriptions/{subscriptionId}',
      operationId: 'getWebhookSubscription',
      tags,
      summary: 'Get a webhook subscription (without its secret)',
      security: keyRequired,
      request: { params: SubscriptionParams },
      responses: { 200: json(WebhookSubscription, 'The subscription'), ...problems(400, 403, 404) },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions/{subscriptionId}' },
  );

  forwarded(
    operation({
      method: 'delete',
      path: '/v1/webhook-subscriptions/{subscriptionId}',
      operationId: 'deleteWebhookSubscription',
      tags,
      summary: 'Delete a webhook subscription and its delivery log; nothing more is sent to it',
      security: keyRequired,
      request: { params: SubscriptionParams },
      responses: { 204: { description: 'Deleted' }, ...problems(400, 403, 404) },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions/{subscriptionId}' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/webhook-subscriptions/{subscriptionId}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tags,
      summary: 'A new signing secret (shown once); the old one keeps signing beside it for 24 hours',
      security: keyRequired,
      request: { params: SubscriptionParams, headers: IdempotencyHeaders },
      responses: {
        201: { ...json(RotatedWebhookSecret, 'The new secret (shown once)'), headers: secretHeaders },
        ...problems(400, 403, 404, 409),
      },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions/{subscriptionId}/rotate-secret', passOn: SECRET_HEADERS },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/webhook-subscriptions/{subscriptionId}/deliveries',
      operationId: 'listWebhookDeliveries',
      tags,
      summary: 'The delivery log of a subscription, newest first: status, attempts, last answer (1 KB)',
      security: keyRequired,
      request: { params: SubscriptionParams, query: WebhookDeliveryQuery },
      responses: { 200: json(WebhookDeliveryList, 'Deliveries'), ...problems(400, 403, 404) },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions/{subscriptionId}/deliveries' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/webhook-subscriptions/{subscriptionId}/redeliver',
      operationId: 'redeliverWebhooks',
      tags,
      summary: 'Send one delivery again, or every failed one; a disabled subscription becomes active again',
      security: keyRequired,
      request: {
        params: SubscriptionParams,
        headers: IdempotencyHeaders,
        body: { content: { 'application/json': { schema: RedeliveryInput } }, required: false },
      },
      responses: { 202: json(RedeliveryResult, 'Queued'), ...problems(400, 403, 404, 409) },
    }),
    { caller: requirePrincipal, to: '/webhook-subscriptions/{subscriptionId}/redeliver' },
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
      // We call the partner: no API key; the signature headers prove the sender.
      security: [],
      request: { headers: SignatureHeaders, body: { content: { 'application/json': { schema: webhookPayloads[type] } }, required: true } },
      responses: {
        200: { description: 'Any 2xx: delivered. 410 disables the subscription; 5xx, 429 (with Retry-After) and timeouts are retried' },
      },
    });
  }
}
