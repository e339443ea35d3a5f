import { randomUUID } from 'node:crypto';
import type {
  CreatedWebhookSubscription,
  RotatedWebhookSecret,
  WebhookDelivery,
  WebhookEventType,
  WebhookSubscription,
  WebhookSubscriptionInput,
} from '@seminarwerk/contracts/api';
import { Rejected, reject } from '@seminarwerk/decider';
import { retryOnConflict } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import type { WebhookDelivery as DeliveryRow, WebhookSubscription as SubscriptionRow } from '../generated/prisma/client.ts';
import { checkUrl, type TargetPolicy } from '../outbound/target-policy.ts';
import { newWebhookSecret, type SecretBox } from './secret-box.ts';

/** Whose subscriptions a caller may see and change: a partner its municipality's, the back office all. */
export type Viewer = { kind: 'municipality'; municipalityId: string } | { kind: 'back-office' };

export type WebhookRejectionCode = 'invalid-webhook-url' | 'webhook-subscription-not-found' | 'webhook-delivery-not-found';

export interface SubscriptionOptions {
  secrets: SecretBox;
  target: TargetPolicy;
  /** How long the old secret keeps signing after a rotation. */
  graceMs: number;
  clock?: () => Date;
}

/** NOTIFY channel of the trigger on `webhook_deliveries`; redelivery rings it too. */
export const WEBHOOK_DELIVERIES_CHANNEL = 'webhook_deliveries';

const notFound = () =>
  new Rejected(reject<WebhookRejectionCode>('webhook-subscription-not-found', 'There is no webhook subscription with this id'));

export function webhookSubscriptions(db: Db, options: SubscriptionOptions) {
  const clock = options.clock ?? (() => new Date());

  /** The row, if the viewer may see it; a partner asking for another municipality's learns nothing (404). */
  async function visible(viewer: Viewer, id: string): Promise<SubscriptionRow> {
    const row = await db.webhookSubscription.findUnique({ where: { id } });
    if (!row || (viewer.kind === 'municipality' && row.municipalityId !== viewer.municipalityId)) throw notFound();
    return row;
  }

  return {
    /** A new subscription; its secret is answered once and stored sealed. A partner's is always its own municipality's. */
    async create(viewer: Viewer, input: WebhookSubscriptionInput, createdBy: string): Promise<CreatedWebhookSubscription> {
      const url = checkUrl(input.url, options.target);
      if (!url.ok) {
        throw new Rejected(
          reject<WebhookRejectionCode>('invalid-webhook-url', `The webhook URL is refused: ${url.reason}`, [
            { field: 'url', detail: url.reason },
          ]),
        );
      }
      const id = randomUUID();
      const secret = newWebhookSecret();
      const row = await db.webhookSubscription.create({
        data: {
          id,
          municipalityId: viewer.kind === 'municipality' ? viewer.municipalityId : (input.municipalityId ?? null),
          url: input.url,
          events: [...input.events],
          description: input.description ?? null,
          secret: options.secrets.seal(secret, id),
          createdBy,
        },
      });
      return { ...toResource(row), secret };
    },

    async list(viewer: Viewer, municipalityId?: string): Promise<WebhookSubscription[]> {
      const filter = viewer.kind === 'municipality' ? viewer.municipalityId : municipalityId;
      const rows = await db.webhookSubscription.findMany({
        where: filter === undefined ? {} : { municipalityId: filter },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toResource);
    },

    get: async (viewer: Viewer, id: string) => toResource(await visible(viewer, id)),

    /** Deletes the subscription with its delivery log; nothing more is sent to it. */
    async remove(viewer: Viewer, id: string): Promise<void> {
      await visible(viewer, id);
      // The sender locks a delivery, then its subscription; the cascade of this delete takes them the other way round.
      // Whichever PostgreSQL picks as the deadlock's victim, deleting again is harmless.
      await retryOnConflict(() => db.webhookSubscription.deleteMany({ where: { id } }));
    },

    /** A new secret; the current one keeps signing beside it until the grace period ends (two at most). */
    async rotateSecret(viewer: Viewer, id: string): Promise<RotatedWebhookSecret> {
      // Only from the secret read: a subscription deleted meanwhile is not found when read again (404), and one rotated
      // meanwhile is rotated again from its new secret, so no secret answered to a caller is lost.
      for (;;) {
        const row = await visible(viewer, id);
        const secret = newWebhookSecret();
        const previousSecretExpiresAt = new Date(clock().getTime() + options.graceMs);
        const { count } = await db.webhookSubscription.updateMany({
          where: { id, secret: row.secret },
          data: { secret: options.secrets.seal(secret, id), previousSecret: row.secret, previousSecretExpiresAt },
        });
        if (count === 1) return { id, secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
      }
    },

    async deliveries(viewer: Viewer, id: string, query: { status?: string; limit: number }): Promise<WebhookDelivery[]> {
      await visible(viewer, id);
      const rows = await db.webhookDelivery.findMany({
        where: { subscriptionId: id, ...(query.status ? { status: query.status } : {}) },
        include: { event: { select: { eventId: true, type: true } } },
        orderBy: [{ createdAt: 'desc' }, { eventPosition: 'desc' }],
        take: query.limit,
      });
      return rows.map(toDelivery);
    },

    /**
     * Queues one delivery again (failed or delivered), or every failed one, each with a new retry window, and makes a
     * disabled subscription active again: asking for redelivery says the endpoint works again.
     */
    async redeliver(viewer: Viewer, id: string, deliveryId?: string): Promise<{ queued: number; subscription: WebhookSubscription }> {
      await visible(viewer, id);
      return db.$transaction(async (tx) => {
        if (deliveryId !== undefined) {
          const delivery = await tx.webhookDelivery.findFirst({ where: { id: deliveryId, subscriptionId: id } });
          if (!delivery) {
            throw new Rejected(
              reject<WebhookRejectionCode>('webhook-delivery-not-found', 'This subscription has no delivery with this id'),
            );
          }
        }
        const queued = await tx.webhookDelivery.updateMany({
          where: { subscriptionId: id, ...(deliveryId ? { id: deliveryId, status: { not: 'pending' } } : { status: 'failed' }) },
          data: { status: 'pending', nextAttemptAt: clock(), retryUntil: null, deliveredAt: null },
        });
        // Deleted since `visible` read it: not found, as if the request had come a moment later.
        const reactivated = await tx.webhookSubscription.updateMany({
          where: { id },
          data: { status: 'active', disabledReason: null, disabledAt: null, failingSince: null },
        });
        if (reactivated.count === 0) throw notFound();
        const subscription = await tx.webhookSubscription.findUniqueOrThrow({ where: { id } });
        await tx.$executeRaw`SELECT pg_notify(${WEBHOOK_DELIVERIES_CHANNEL}, '')`;
        return { queued: queued.count, subscription: toResource(subscription) };
      });
    },
  };
}
export type WebhookSubscriptions = ReturnType<typeof webhookSubscriptions>;

function toResource(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    description: row.description,
    municipalityId: row.municipalityId,
    // CHECK constraints hold status and disabled_reason to these values.
    status: row.status as WebhookSubscription['status'],
    disabledReason: row.disabledReason as WebhookSubscription['disabledReason'],
    disabledAt: row.disabledAt?.toISOString() ?? null,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function toDelivery(row: DeliveryRow & { event: { eventId: string; type: string } }): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event.eventId,
    eventType: row.event.type as WebhookEventType,
    status: row.status as WebhookDelivery['status'],
    attempts: row.attempts,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    responseStatus: row.responseStatus,
    durationMs: row.durationMs,
    error: row.error,
    responseBody: row.responseBody,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
