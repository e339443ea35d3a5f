import { randomUUID } from 'node:crypto';
import { RegistrationCancelled, RegistrationConfirmed } from '@seminarwerk/contracts';
import {
  backOfficePrincipal,
  municipalityPrincipal,
  type ServiceUnderTest,
  type SmtpTestServer,
  startSmtpServer,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
import {
  cancellation,
  confirmationFor,
  deliveryLog,
  MUNICIPALITY_A,
  MUNICIPALITY_B,
  message,
  payloadOf,
  publish,
  settledDeliveries,
  startNotificationForWebhooks,
  subscribe,
  verified,
} from './webhook-support.ts';

let smtp: SmtpTestServer;
let notification: ServiceUnderTest;
let receiver: WebhookReceiver;

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver();
  notification = await startNotificationForWebhooks(smtp.url);
});

afterAll(async () => {
  await notification?.stop();
  await receiver?.close();
  await smtp?.close();
});

/** A path of the receiver for one test, so tests sharing it never see each other's webhooks. */
const endpoint = (name: string) => {
  const path = `/${name}-${randomUUID().slice(0, 8)}`;
  return { path, url: `${receiver.url}${path}`, at: (w: { path: string }) => w.path === path };
};

describe('signed webhooks', () => {
  it('sends a confirmation and a promotion, signed so that the standardwebhooks library verifies them', async () => {
    const hook = endpoint('signed');
    const { id, secret } = await subscribe(notification, hook.url, ['registration.confirmed', 'registration.promoted']);
    const direct = confirmationFor(MUNICIPALITY_A, { purchaseOrderReference: 'AZ 11-04/2027' });
    const promoted = confirmationFor(MUNICIPALITY_A, { offeringId: direct.offeringId, via: 'waitlist' });
    const directEvent = await publish(notification, RegistrationConfirmed, direct);
    await publish(notification, RegistrationConfirmed, promoted);

    const webhooks = await receiver.waitFor(hook.at, { count: 2 });
    const payloads = webhooks.map((w) => verified(secret, w));
    expect(payloads.map((p) => p.type)).toEqual(['registration.confirmed', 'registration.promoted']);
    for (const [i, webhook] of webhooks.entries()) {
      expect(payloads[i]?.id).toBe(webhook.headers['webhook-id']);
      expect(webhook.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(webhook.headers['content-type']).toBe('application/json');
    }
    expect(payloads[0]).toEqual({
      id: directEvent.id,
      type: 'registration.confirmed',
      occurredAt: directEvent.time,
      data: {
        id: direct.registrationId,
        offeringId: direct.offeringId,
        status: 'confirmed',
        participant: direct.participant,
        municipalityId: MUNICIPALITY_A,
        purchaseOrderReference: 'AZ 11-04/2027',
        offering: {
          id: direct.offeringId,
          seminarId: direct.offering.seminarId,
          title: direct.offering.title,
          startsAt: direct.offering.startsAt,
          endsAt: direct.offering.endsAt,
          location: direct.offering.venue,
        },
      },
    });
    expect(payloads[1]?.data).toMatchObject({ id: promoted.registrationId, status: 'confirmed', purchaseOrderReference: null });
    // A tampered body does not verify.
    expect(() =>
      verified(secret, { ...(webhooks[0] as (typeof webhooks)[0]), body: webhooks[0]?.body.replace('confirmed', 'cancelled') ?? '' }),
    ).toThrow();

    const log = await settledDeliveries(notification, id, 2);
    expect(log.map((d) => ({ status: d.status, attempts: d.attempts, responseStatus: d.responseStatus }))).toEqual([
      { status: 'delivered', attempts: 1, responseStatus: 200 },
      { status: 'delivered', attempts: 1, responseStatus: 200 },
    ]);
  });

  it('retries a delivery answered 500 twice, then delivers it once, and logs each attempt', async () => {
    const hook = endpoint('retry');
    receiver.answerNext(hook.path, { status: 500, body: 'database down' }, { status: 500, body: 'still down' });
    const { id, secret } = await subscribe(notification, hook.url, ['registration.confirmed']);
    await publish(notification, RegistrationConfirmed, confirmationFor(MUNICIPALITY_A));

    const attempts = await receiver.waitFor(hook.at, { count: 3 });
    expect(new Set(attempts.map((w) => w.headers['webhook-id'])).size).toBe(1);
    for (const attempt of attempts) verified(secret, attempt);
    const [delivery] = await settledDeliveries(notification, id);
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, responseStatus: 200, responseBody: 'ok', error: null });
    expect(delivery?.durationMs).toBeGreaterThanOrEqual(0);
    // Delivered is recorded after the 200: a fourth attempt would have come before it.
    expect(receiver.received.filter(hook.at)).toHaveLength(3);
    // Two waits of at least half the initial 100 ms each (jitter keeps at least half).
    expect((attempts[2]?.receivedAt ?? 0) - (attempts[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('honours Retry-After on 429', async () => {
    const hook = endpoint('slow-down');
    receiver.answerNext(hook.path, { status: 429, headers: { 'retry-after': '1' } });
    await subscribe(notification, hook.url, ['registration.confirmed']);
    await publish(notification, RegistrationConfirmed, confirmationFor(MUNICIPALITY_A));
    const [first, second] = await receiver.waitFor(hook.at, { count: 2 });
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('keeps the order of one registration: its cancellation waits until its confirmation is delivered', async () => {
    const hook = endpoint('ordered');
    // The confirmation's first attempt fails and asks for two seconds; the cancellation, published with it in one
    // batch, is due at once, but must wait for it.
    receiver.answerNext(hook.path, { status: 503, headers: { 'retry-after': '2' } });
    await subscribe(notification, hook.url, ['registration.confirmed', 'registration.cancelled']);
    const confirmed = confirmationFor(MUNICIPALITY_A);
    await notification.publish([message(RegistrationConfirmed, confirmed), message(RegistrationCancelled, cancellation(confirmed))]);

    const arrived = await receiver.waitFor(hook.at, { count: 3 });
    expect(arrived.map((w) => payloadOf(w).type)).toEqual(['registration.confirmed', 'registration.confirmed', 'registration.cancelled']);
    expect(payloadOf(arrived[2] as (typeof arrived)[0]).data).toMatchObject({
      status: 'cancelled',
      previousStatus: 'confirmed',
      cancellation: { reason: 'participant', kind: 'late', feePercent: 50 },
    });
  });

  it("never sends municipality A another municipality's events; the back office's subscription for all gets both", async () => {
    const forA = endpoint('only-a');
    const forAll = endpoint('all');
    await subscribe(notification, forA.url, ['registration.confirmed']);
    await subscribe(notification, forAll.url, ['registration.confirmed'], backOfficePrincipal());
    const ofB = confirmationFor(MUNICIPALITY_B);
    const sentinel = confirmationFor(MUNICIPALITY_A, { offeringId: ofB.offeringId });
    await publish(notification, RegistrationConfirmed, ofB);
    await publish(notification, RegistrationConfirmed, sentinel);

    // Same offering, same partition: once the sentinel arrived, B's event before it was handled.
    await receiver.waitFor((w) => forA.at(w) && payloadOf(w).data.id === sentinel.registrationId);
    expect(receiver.received.filter(forA.at).map((w) => payloadOf(w).data.id)).toEqual([sentinel.registrationId]);
    const all = await receiver.waitFor(forAll.at, { count: 2 });
    expect(all.map((w) => payloadOf(w).data.id)).toEqual([ofB.registrationId, sentinel.registrationId]);
  });

  it('shows partners only their own subscriptions', async () => {
    const hook = endpoint('private');
    const mine = await subscribe(notification, hook.url, ['invoice.issued']);
    const other = notification.as(municipalityPrincipal(MUNICIPALITY_B));
    expect((await other.get(`/webhook-subscriptions/${mine.id}`)).status).toBe(404);
    expect((await other.get(`/webhook-subscriptions/${mine.id}/deliveries`)).status).toBe(404);
    expect((await other.post(`/webhook-subscriptions/${mine.id}/rotate-secret`)).status).toBe(404);
    const listed = await other.get<{ items: { id: string }[] }>('/webhook-subscriptions');
    expect(listed.body.items.map((s) => s.id)).not.toContain(mine.id);
    const own = await notification
      .as(municipalityPrincipal(MUNICIPALITY_A))
      .get<Record<string, unknown>>(`/webhook-subscriptions/${mine.id}`);
    expect(own.body).toMatchObject({ id: mine.id, municipalityId: MUNICIPALITY_A, status: 'active', url: hook.url });
    expect(own.body).not.toHaveProperty('secret');
    expect(await deliveryLog(notification, mine.id)).toEqual([]);
  });
});
