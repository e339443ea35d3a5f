import { randomUUID } from 'node:crypto';
import { RegistrationConfirmed } from '@seminarwerk/contracts';
import type { WebhookSubscription } from '@seminarwerk/contracts/api';
import { municipalityPrincipal, type ServiceUnderTest, type SmtpTestServer, startSmtpServer } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
import {
  confirmationFor,
  knownContact,
  MUNICIPALITY_A,
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
const partnerA = () => notification.as(municipalityPrincipal(MUNICIPALITY_A));

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

const endpoint = (name: string) => {
  const path = `/${name}-${randomUUID().slice(0, 8)}`;
  return { path, url: `${receiver.url}${path}`, at: (w: { path: string }) => w.path === path };
};

describe('webhooks that cannot be delivered', () => {
  it('refuses a URL that is not https with 400 at creation, unless its host is allowed', async () => {
    const refused = await partnerA().post<Record<string, any>>('/webhook-subscriptions', {
      url: 'http://hr.musterstadt.example/hooks',
      events: ['registration.confirmed'],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      type: expect.stringMatching(/invalid-webhook-url$/),
      errors: [{ field: 'url', detail: 'must be https' }],
    });
    const ftp = await partnerA().post('/webhook-subscriptions', {
      url: 'ftp://hr.musterstadt.example/',
      events: ['registration.confirmed'],
    });
    expect(ftp.status).toBe(400);
    const https = await partnerA().post('/webhook-subscriptions', {
      url: 'https://hr.musterstadt.example/hooks',
      events: ['invoice.paid'],
    });
    expect(https.status).toBe(201);
  });

  it('does not follow a redirect: the 302 fails the delivery and the target is never asked', async () => {
    const hook = endpoint('moved');
    const target = endpoint('moved-to');
    receiver.answerNext(hook.path, { status: 302, headers: { location: target.url } });
    const { id } = await subscribe(notification, hook.url, ['registration.confirmed']);
    await publish(notification, RegistrationConfirmed, confirmationFor(MUNICIPALITY_A));

    const [delivery] = await settledDeliveries(notification, id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 302 });
    expect(receiver.received.filter(target.at)).toEqual([]);
  });

  it('refuses a loopback address that is not allowed, without connecting', async () => {
    // The service allows 127.0.0.1 only; ::1 is loopback too, and not allowed. A municipality of its own, so that no
    // other subscription of this suite connects to the receiver meanwhile.
    const municipality = `loopback-${randomUUID().slice(0, 8)}`;
    const principal = municipalityPrincipal(municipality);
    const url = `https://[::1]:${new URL(receiver.url).port}/never`;
    const { id } = await subscribe(notification, url, ['registration.confirmed'], principal);
    const connections = receiver.connections();
    await publish(notification, RegistrationConfirmed, confirmationFor(municipality));

    const [delivery] = await settledDeliveries(notification, id, 1, principal);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, responseStatus: null });
    expect(delivery?.error).toMatch(/^refused: .*internal/);
    expect(receiver.connections()).toBe(connections);
  });

  it('signs with both secrets during the grace period after a rotation, and keeps neither in plain text', async () => {
    const hook = endpoint('rotated');
    const { id, secret: oldSecret } = await subscribe(notification, hook.url, ['registration.confirmed']);
    await publish(notification, RegistrationConfirmed, confirmationFor(MUNICIPALITY_A));
    const [before] = await receiver.waitFor(hook.at);
    expect(String(before?.headers['webhook-signature']).split(' ')).toHaveLength(1);

    const rotated = await partnerA().post<{ id: string; secret: string; previousSecretExpiresAt: string }>(
      `/webhook-subscriptions/${id}/rotate-secret`,
    );
    expect(rotated.status).toBe(201);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const newSecret = rotated.body.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(rotated.body.previousSecretExpiresAt)).toBeGreaterThan(Date.now() + 23 * 3_600_000);

    await publish(notification, RegistrationConfirmed, confirmationFor(MUNICIPALITY_A));
    const [, after] = await receiver.waitFor(hook.at, { count: 2 });
    if (!after) throw new Error('no webhook after the rotation');
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(2);
    // Each secret verifies on its own: each signature is right for its secret.
    expect(verified(newSecret, after).id).toBe(after.headers['webhook-id']);
    expect(verified(oldSecret, after).id).toBe(after.headers['webhook-id']);
    expect(() => verified(newSecret, before as typeof after)).toThrow();

    const { rows } = await notification.db.query('SELECT secret, previous_secret FROM webhook_subscriptions WHERE id = $1', [id]);
    const stored = JSON.stringify(rows);
    for (const secret of [oldSecret, newSecret]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(secret.slice('whsec_'.length));
    }
  });

  it('disables a subscription answered 410, e-mails the municipality, and resumes on redelivery', async () => {
    const contactAddress = `personalamt.${randomUUID().slice(0, 8)}@musterstadt.example`;
    await knownContact(notification, MUNICIPALITY_A, contactAddress);
    const hook = endpoint('gone');
    receiver.answerNext(hook.path, { status: 410, body: 'endpoint removed' });
    const { id } = await subscribe(notification, hook.url, ['registration.confirmed']);
    const confirmed = confirmationFor(MUNICIPALITY_A);
    await publish(notification, RegistrationConfirmed, confirmed);

    const [mail] = await smtp.waitForMessages((m) => m.to.includes(contactAddress), { timeoutMs: 30_000 });
    expect(mail?.subject).toBe('Webhook-Abonnement deaktiviert');
    expect(mail?.text).toContain(id);
    expect(mail?.text).toContain('410');
    const disabled = await partnerA().get<WebhookSubscription>(`/webhook-subscriptions/${id}`);
    expect(disabled.body).toMatchObject({ status: 'disabled', disabledReason: 'gone' });
    const [failed] = await settledDeliveries(notification, id);
    expect(failed).toMatchObject({ status: 'failed', responseStatus: 410, responseBody: 'endpoint removed' });

    // Events while it is disabled are not queued for it; the feed keeps them.
    const whileDisabled = await publish(
      notification,
      RegistrationConfirmed,
      confirmationFor(MUNICIPALITY_A, { offeringId: confirmed.offeringId }),
    );
    await expect
      .poll(async () => (await notification.db.query('SELECT 1 FROM public_events WHERE event_id = $1', [whileDisabled.id])).rowCount, {
        timeout: 30_000,
      })
      .toBe(1);

    const redelivered = await partnerA().post<{ queued: number; subscription: WebhookSubscription }>(
      `/webhook-subscriptions/${id}/redeliver`,
      {},
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ queued: 1, subscription: { status: 'active', disabledReason: null } });
    const arrived = await receiver.waitFor(hook.at, { count: 2 });
    expect(arrived.map((w) => payloadOf(w).data.id)).toEqual([confirmed.registrationId, confirmed.registrationId]);
    const log = await settledDeliveries(notification, id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'delivered', attempts: 2, responseStatus: 200 });
  });

  it('redelivers one delivery on request, and answers 404 for a delivery of another subscription', async () => {
    const hook = endpoint('again');
    const { id } = await subscribe(notification, hook.url, ['registration.confirmed']);
    await publish(notification, RegistrationConfirmed, confirmationFor(MUNICIPALITY_A));
    const [delivery] = await settledDeliveries(notification, id);
    const again = await partnerA().post<{ queued: number }>(`/webhook-subscriptions/${id}/redeliver`, { deliveryId: delivery?.id });
    expect(again.body.queued).toBe(1);
    const [first, second] = await receiver.waitFor(hook.at, { count: 2 });
    expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
    expect(second?.body).toBe(first?.body);
    const unknown = await partnerA().post(`/webhook-subscriptions/${id}/redeliver`, { deliveryId: randomUUID() });
    expect(unknown.status).toBe(404);
  });
});
