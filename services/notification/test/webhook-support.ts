import { randomUUID } from 'node:crypto';
import {
  CustomerChanged,
  type DataOf,
  type EventContract,
  RegistrationCancelled,
  type RegistrationConfirmed,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import type { CreatedWebhookSubscription, WebhookDelivery, WebhookEvent } from '@seminarwerk/contracts/api';
import { cloudEvent } from '@seminarwerk/messaging';
import { municipalityPrincipal, type ServiceUnderTest, startServiceUnderTest } from '@seminarwerk/testing';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startNotification } from '../src/main.ts';
import { confirmation, institute } from './support.ts';
import type { ReceivedWebhook } from './webhook-receiver.ts';

/**
 * Notification as a test runs it: webhooks may go to 127.0.0.1 over http (the receiver), and retries come after
 * 100 ms to 400 ms instead of seconds to an hour.
 */
export const startNotificationForWebhooks = (smtpUrl: string, env: Record<string, string> = {}) =>
  startServiceUnderTest('notification', (base) =>
    startNotification(
      loadConfig({
        ...base,
        SMTP_URL: smtpUrl,
        MAIL_FROM: `${institute.name} <${institute.address}>`,
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        WEBHOOK_RETRY_INITIAL_MS: '100',
        WEBHOOK_RETRY_MAX_MS: '400',
        ...env,
      }),
    ),
  );

export const MUNICIPALITY_A = 'musterstadt';
export const MUNICIPALITY_B = 'nachbarort';

/** A confirmation for municipality `municipalityId`, booked by its partner key. */
export const confirmationFor = (municipalityId: string, overrides: Parameters<typeof confirmation>[1] = {}) =>
  confirmation(`Seminar ${randomUUID().slice(0, 8)}`, {
    municipalityId,
    bookedBy: { kind: 'municipality', municipalityId },
    ...overrides,
  });

export const waitlisting = (confirmed: DataOf<typeof RegistrationConfirmed>, position: number) =>
  RegistrationWaitlisted.data.parse({ ...confirmed, position, waitlistedAt: new Date().toISOString() });

export const cancellation = (confirmed: DataOf<typeof RegistrationConfirmed>, reason: 'participant' | 'institute' = 'participant') =>
  RegistrationCancelled.data.parse({
    ...confirmed,
    previousStatus: 'confirmed',
    reason,
    classification: reason === 'institute' ? { kind: 'free', feePercent: 0 } : { kind: 'late', feePercent: 50 },
    cancelledAt: new Date().toISOString(),
  });

/** An event as its producer publishes it: registration events keyed by the offering, so one offering's stay in order. */
export function message<C extends EventContract>(contract: C, data: DataOf<C>, id = randomUUID()) {
  const key = (data as { offeringId?: string }).offeringId ?? (data as { customerId?: string }).customerId ?? randomUUID();
  const event = cloudEvent({ id, type: contract.type, source: '/seminarwerk/test', subject: key, time: new Date(), data });
  return { topic: contract.topic, key, event };
}

export async function publish<C extends EventContract>(service: ServiceUnderTest, contract: C, data: DataOf<C>, id = randomUUID()) {
  const published = message(contract, data, id);
  await service.publish([published]);
  return published.event;
}

/** Tells notification a municipality's contact, as invoicing does, and waits until it is kept. */
export async function knownContact(service: ServiceUnderTest, municipalityId: string, email: string) {
  const data = { customerId: municipalityId, name: `Stadt ${municipalityId}`, invoiceEmail: email, changedAt: new Date().toISOString() };
  await publish(service, CustomerChanged, data);
  await expect
    .poll(
      async () =>
        (await service.db.query('SELECT email FROM municipality_contacts WHERE municipality_id = $1', [municipalityId])).rows[0]?.email,
      {
        timeout: 30_000,
      },
    )
    .toBe(email);
}

export async function subscribe(
  service: ServiceUnderTest,
  url: string,
  events: string[],
  principal = municipalityPrincipal(MUNICIPALITY_A),
): Promise<CreatedWebhookSubscription> {
  const created = await service.as(principal).post<CreatedWebhookSubscription>('/webhook-subscriptions', { url, events });
  expect(created.status).toBe(201);
  expect(created.headers.get('cache-control')).toBe('no-store');
  return created.body;
}

/** Checks a webhook's signature with the standardwebhooks library, as a partner would, and returns its payload. */
export function verified(secret: string, webhook: ReceivedWebhook): WebhookEvent {
  const headers = Object.fromEntries(Object.entries(webhook.headers).map(([k, v]) => [k, String(v)]));
  return new Webhook(secret).verify(webhook.body, headers) as WebhookEvent;
}

export const payloadOf = (webhook: ReceivedWebhook) => JSON.parse(webhook.body) as WebhookEvent;

export async function deliveryLog(service: ServiceUnderTest, subscriptionId: string, principal = municipalityPrincipal(MUNICIPALITY_A)) {
  const { status, body } = await service
    .as(principal)
    .get<{ items: WebhookDelivery[] }>(`/webhook-subscriptions/${subscriptionId}/deliveries`);
  expect(status).toBe(200);
  return body.items;
}

/** Waits until the subscription's log shows `count` deliveries that are no longer pending, and returns the log. */
export async function settledDeliveries(
  service: ServiceUnderTest,
  subscriptionId: string,
  count = 1,
  principal = municipalityPrincipal(MUNICIPALITY_A),
) {
  let log: WebhookDelivery[] = [];
  await expect
    .poll(
      async () => {
        log = await deliveryLog(service, subscriptionId, principal);
        return log.filter((d) => d.status !== 'pending').length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return log;
}
