import { RegistrationConfirmed } from '@seminarwerk/contracts';
import type { WebhookSubscription } from '@seminarwerk/contracts/api';
import { backOfficePrincipal, type ServiceUnderTest, type SmtpTestServer, startSmtpServer } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { institute } from './support.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';
import { confirmationFor, publish, startNotificationForWebhooks, subscribe } from './webhook-support.ts';

let smtp: SmtpTestServer;
let notification: ServiceUnderTest;
let receiver: WebhookReceiver;

// "Five days of failures", shortened to about a second (0.0003 hours), with retries every 100 to 400 ms.
const FAILING_FOR_HOURS = 0.0003;

beforeAll(async () => {
  smtp = await startSmtpServer();
  receiver = await startWebhookReceiver();
  notification = await startNotificationForWebhooks(smtp.url, { WEBHOOK_DISABLE_AFTER_HOURS: String(FAILING_FOR_HOURS) });
});

afterAll(async () => {
  await notification?.stop();
  await receiver?.close();
  await smtp?.close();
});

it('disables a subscription that kept failing for the configured time, and tells the institute when it is for all municipalities', async () => {
  const failures = Array.from({ length: 100 }, () => ({ status: 503 }));
  receiver.answerNext('/down', ...failures);
  const { id } = await subscribe(notification, `${receiver.url}/down`, ['registration.confirmed'], backOfficePrincipal());
  await publish(notification, RegistrationConfirmed, confirmationFor('musterstadt'));

  const [mail] = await smtp.waitForMessages((m) => m.subject === 'Webhook-Abonnement deaktiviert' && m.text?.includes(id) === true, {
    timeoutMs: 30_000,
  });
  expect(mail?.to).toEqual([institute.address]);
  expect(mail?.text).toContain('ist keine Zustellung an Ihren Endpunkt gelungen');
  const { body } = await notification.as(backOfficePrincipal()).get<WebhookSubscription>(`/webhook-subscriptions/${id}`);
  expect(body).toMatchObject({ status: 'disabled', disabledReason: 'failing' });
  const attempts = receiver.received.filter((w) => w.path === '/down');
  expect(attempts.length).toBeGreaterThan(2);
  expect((attempts.at(-1)?.receivedAt ?? 0) - (attempts[0]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(FAILING_FOR_HOURS * 3_600_000 - 50);
});
