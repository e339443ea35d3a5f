import { EventFeedQuery, RedeliveryInput, WebhookDeliveryQuery, WebhookSubscriptionInput } from '@seminarwerk/contracts/api';
import { AppError, type Principal, parseJson, parseValue, principalOf, type ServiceApp, uuidParam } from '@seminarwerk/http';
import type { Context } from 'hono';
import type { EventFeed } from '../app/event-feed.ts';
import type { Viewer, WebhookSubscriptions } from '../app/webhook-subscriptions.ts';

const viewerOf = (principal: Principal): Viewer =>
  principal.kind === 'municipality' ? { kind: 'municipality', municipalityId: principal.municipalityId } : { kind: 'back-office' };

const subscriptionId = (c: Context) =>
  uuidParam(c, 'id', { code: 'webhook-subscription-not-found', detail: 'There is no webhook subscription with this id' });

/** A secret is shown once: no cache keeps it, and the gateway's idempotency layer does not store it (`secret-not-kept`). */
const SECRET_SHOWN_ONCE = { 'cache-control': 'no-store' };
/** The feed and the delivery log carry personal data. */
const PERSONAL = { 'cache-control': 'no-store' };

/** Internal API for webhooks and the event feed, called by the gateway only; partners see their municipality's. */
export function webhookRoutes(app: ServiceApp, subscriptions: WebhookSubscriptions, feed: EventFeed) {
  app.post('/webhook-subscriptions', async (c) => {
    const principal = principalOf(c);
    const input = await parseJson(c, WebhookSubscriptionInput);
    const createdBy = principal.kind === 'back-office' ? principal.actor : `key:${principal.keyId}`;
    return c.json(await subscriptions.create(viewerOf(principal), input, createdBy), 201, SECRET_SHOWN_ONCE);
  });

  app.get('/webhook-subscriptions', async (c) => {
    const municipalityId = c.req.query('municipalityId');
    return c.json({ items: await subscriptions.list(viewerOf(principalOf(c)), municipalityId) });
  });

  app.get('/webhook-subscriptions/:id', async (c) => c.json(await subscriptions.get(viewerOf(principalOf(c)), subscriptionId(c))));

  app.delete('/webhook-subscriptions/:id', async (c) => {
    await subscriptions.remove(viewerOf(principalOf(c)), subscriptionId(c));
    return c.body(null, 204);
  });

  app.post('/webhook-subscriptions/:id/rotate-secret', async (c) =>
    c.json(await subscriptions.rotateSecret(viewerOf(principalOf(c)), subscriptionId(c)), 201, SECRET_SHOWN_ONCE),
  );

  app.get('/webhook-subscriptions/:id/deliveries', async (c) => {
    const query = parseValue(WebhookDeliveryQuery, c.req.query(), 'query');
    const items = await subscriptions.deliveries(viewerOf(principalOf(c)), subscriptionId(c), query);
    return c.json({ items }, 200, PERSONAL);
  });

  app.post('/webhook-subscriptions/:id/redeliver', async (c) => {
    const viewer = viewerOf(principalOf(c));
    const id = subscriptionId(c);
    const text = await c.req.text();
    const input = parseValue(RedeliveryInput, text.trim() === '' ? {} : safeJson(text), 'body');
    return c.json(await subscriptions.redeliver(viewer, id, input.deliveryId), 202);
  });

  /** The feed: the same payloads as the webhooks, in a stable order, the caller's municipality only. */
  app.get('/events', async (c) => {
    const principal = principalOf(c);
    const query = parseValue(EventFeedQuery, c.req.query(), 'query');
    const page = await feed.page({
      after: query.after,
      types: query.types?.split(','),
      municipalityId: principal.kind === 'municipality' ? principal.municipalityId : query.municipalityId,
      limit: query.limit,
    });
    // The items are the recorded JSON text, byte for byte as the webhooks sent them.
    const body = `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
    return c.body(body, 200, { 'content-type': 'application/json', ...PERSONAL });
  });
}

/** The body of a redelivery is optional: none means every failed delivery. */
function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(400, 'malformed-json', 'The request body is not valid JSON');
  }
}
