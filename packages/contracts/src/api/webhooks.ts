import { z } from '@hono/zod-openapi';
import { Cursor, Id, MunicipalityId, storableText, Text } from '../shared.ts';
import { WEBHOOK_EVENT_TYPES, WebhookEvent, WebhookEventType } from './webhook-events.ts';

export * from './webhook-events.ts';

export const WebhookSubscriptionInput = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .check(storableText())
      .openapi({ description: 'Where to POST events: https (plain http only to hosts the operator allowed)' }),
    events: z
      .array(WebhookEventType)
      .min(1)
      .max(WEBHOOK_EVENT_TYPES.length)
      .refine((types) => new Set(types).size === types.length, 'lists a type twice'),
    description: Text.trim().min(1).max(500).optional(),
    municipalityId: MunicipalityId.optional().openapi({
      description: 'Back office only: whose events (none: every municipality). Partners always get their own',
    }),
  })
  .openapi('WebhookSubscriptionInput', {
    example: {
      url: 'https://hr.oldenburg.example/hooks/seminarwerk',
      events: ['registration.confirmed', 'registration.promoted', 'registration.cancelled'],
      description: 'Personalverwaltung',
    },
  });
export type WebhookSubscriptionInput = z.infer<typeof WebhookSubscriptionInput>;

export const WebhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(WebhookEventType),
    description: z.string().nullable(),
    municipalityId: z.string().nullable().openapi({ description: '`null`: every municipality (back office)' }),
    status: z.enum(['active', 'disabled']).openapi({ description: '`disabled` after a 410 or 5 days of failures; redeliver to resume' }),
    disabledReason: z.enum(['gone', 'failing']).nullable(),
    disabledAt: z.iso.datetime({ offset: true }).nullable(),
    previousSecretExpiresAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({ description: 'After a rotation: until then the old secret signs too' }),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('WebhookSubscription');
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

const Secret = z.string().openapi({
  description: 'The signing secret (Standard Webhooks, `whsec_` + base64). Shown once: store it safely',
  example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
});

export const CreatedWebhookSubscription = WebhookSubscription.extend({ secret: Secret }).openapi('CreatedWebhookSubscription');
export type CreatedWebhookSubscription = z.infer<typeof CreatedWebhookSubscription>;

export const RotatedWebhookSecret = z
  .object({
    id: z.uuid(),
    secret: Secret,
    previousSecretExpiresAt: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'Until then every delivery is signed with both secrets' }),
  })
  .openapi('RotatedWebhookSecret');
export type RotatedWebhookSecret = z.infer<typeof RotatedWebhookSecret>;

export const WebhookSubscriptionList = z.object({ items: z.array(WebhookSubscription) }).openapi('WebhookSubscriptionList');

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    eventId: z.string().openapi({ description: 'The payload `id` and `webhook-id`' }),
    eventType: WebhookEventType,
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).openapi({
      description: '`pending`: not delivered yet (retrying, or waiting for an earlier event of the same registration); `failed`: given up',
    }),
    attempts: z.number().int(),
    lastAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    responseStatus: z.number().int().nullable().openapi({ description: 'HTTP status of the last attempt' }),
    durationMs: z.number().int().nullable(),
    error: z.string().nullable().openapi({ description: 'Why the last attempt failed, when no HTTP answer says it' }),
    responseBody: z.string().nullable().openapi({ description: 'The first 1 KB of the last answer' }),
    nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    deliveredAt: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('WebhookDelivery');
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryQuery = z.object({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const WebhookDeliveryList = z.object({ items: z.array(WebhookDelivery) }).openapi('WebhookDeliveryList');

export const RedeliveryInput = z
  .object({
    deliveryId: Id.optional().openapi({ description: 'One delivery (failed or delivered); none: every failed one' }),
  })
  .openapi('RedeliveryInput');
export type RedeliveryInput = z.infer<typeof RedeliveryInput>;

export const RedeliveryResult = z
  .object({
    queued: z.number().int().openapi({ description: 'Deliveries queued again' }),
    subscription: WebhookSubscription.openapi({ description: 'Active again if it was disabled' }),
  })
  .openapi('RedeliveryResult');

const typeList = new Set<string>(WEBHOOK_EVENT_TYPES);

export const EventFeedQuery = z.object({
  after: Cursor.optional().openapi({ description: '`nextCursor` of the previous page; none: from the oldest event kept (90 days)' }),
  types: Text.max(400)
    .refine((value) => value.split(',').every((t) => typeList.has(t)), 'is not a comma-separated list of event types')
    .optional()
    .openapi({ description: 'Only these types, comma-separated', example: 'registration.confirmed,registration.promoted' }),
  municipalityId: MunicipalityId.optional().openapi({ description: 'Back office only (partners see their own)' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type EventFeedQuery = z.infer<typeof EventFeedQuery>;

export const EventFeedPage = z
  .object({
    items: z.array(WebhookEvent),
    nextCursor: z.string().nullable().openapi({
      description: 'Where to go on from: pass it as `after`. An empty page means you are up to date; keep the cursor and ask again later',
    }),
  })
  .openapi('EventFeedPage');
export type EventFeedPage = z.infer<typeof EventFeedPage>;
