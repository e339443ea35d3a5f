import { randomUUID } from 'node:crypto';
import { RegistrationConfirmed, Topics } from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import {
  backOfficePrincipal,
  eventually,
  municipalityPrincipal,
  type ServiceUnderTest,
  type SmtpTestServer,
  startServiceUnderTest,
  startSmtpServer,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../src/app/deliveries.ts';
import { loadConfig } from '../src/config.ts';
import { startNotification } from '../src/main.ts';
import { confirmation, institute, parseCalendar } from './support.ts';

describe('notification service', () => {
  let smtp: SmtpTestServer;
  let notification: ServiceUnderTest;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    notification = await startServiceUnderTest('notification', (env) =>
      startNotification(loadConfig({ ...env, SMTP_URL: smtp.url, MAIL_FROM: `${institute.name} <${institute.address}>` })),
    );
  });

  afterAll(async () => {
    await notification?.stop();
    await smtp?.close();
  });

  /** Publishes as registration does: keyed by the offering, so one offering's events stay in order. */
  async function publish(data: ReturnType<typeof confirmation>, id: string = randomUUID()) {
    const event = cloudEvent({
      id,
      type: RegistrationConfirmed.type,
      source: '/seminarwerk/registration',
      subject: data.registrationId,
      time: new Date(),
      data,
    });
    await notification.publish([{ topic: Topics.registration, key: data.offeringId, event }]);
    return event;
  }

  const mailsAbout = (title: string) => smtp.messages.filter((m) => m.subject?.includes(title));
  const uniqueTitle = (name: string) => `${name} ${randomUUID().slice(0, 8)}`;

  const deliveryLog = (query: string, client = notification.as(backOfficePrincipal())) =>
    client.get<{ items: DeliveryRecord[] }>(`/deliveries?${query}`);

  async function count(sql: string, eventId: string): Promise<number> {
    const { rows } = await notification.db.query(sql, [eventId]);
    return rows[0].n;
  }

  it('sends one confirmation with the title in the subject and a calendar invitation', async () => {
    const title = uniqueTitle('Vergaberecht kompakt');
    const data = confirmation(title);
    await publish(data);

    const [mail] = await smtp.waitForMessages((m) => m.subject?.includes(title) === true, { timeoutMs: 30_000 });
    expect(mail?.subject).toBe(`Anmeldebestätigung: ${title}`);
    expect(mail?.to).toEqual([data.participant.email]);
    expect(mail?.from).toBe(institute.address);
    expect(mail?.text).toContain('Guten Tag Ada Lovelace,');
    const ics = mail?.attachments.find((a) => a.filename === 'einladung.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const calendar = parseCalendar(ics?.content.toString('utf8') ?? '');
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.event).toMatchObject({
      UID: `registration-${data.registrationId}@seminarwerk`,
      SEQUENCE: '0',
      DTSTART: '20270301T080000Z',
      SUMMARY: title,
    });
  });

  it('sends one e-mail for an event delivered twice', async () => {
    const title = uniqueTitle('Haushaltsrecht');
    const data = confirmation(title);
    const event = await publish(data);
    await smtp.waitForMessages((m) => m.subject?.includes(title) === true, { timeoutMs: 30_000 });
    await publish(data, event.id);

    // Same key, same partition: once the marker is mailed, the duplicate before it was consumed.
    const marker = uniqueTitle('Marker');
    await publish(confirmation(marker, { offeringId: data.offeringId }));
    await smtp.waitForMessages((m) => m.subject?.includes(marker) === true, { timeoutMs: 30_000 });

    expect(mailsAbout(title)).toHaveLength(1);
    expect(await count('SELECT count(*)::int AS n FROM deliveries WHERE trigger_event_id = $1', event.id)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM processed_messages WHERE event_id = $1', event.id)).toBe(1);
  });

  it('delivers once after the SMTP server failed temporarily, and logs it as sent', async () => {
    const title = uniqueTitle('Kommunales Haushaltsrecht');
    const data = confirmation(title);
    smtp.failNext(2);
    const event = await publish(data);

    // With the default backoff the retries come after 1 s and 2 s.
    await smtp.waitForMessages((m) => m.subject?.includes(title) === true, { timeoutMs: 30_000 });
    const [delivery] = await eventually(async () => {
      const { body } = await deliveryLog(`registrationId=${data.registrationId}`);
      expect(body.items.map((d) => d.status)).toEqual(['sent']);
      return body.items;
    });
    expect(mailsAbout(title)).toHaveLength(1);
    expect(delivery).toMatchObject({
      triggerEventId: event.id,
      template: 'registration-confirmed',
      registrationId: data.registrationId,
      recipient: data.participant.email,
      subject: `Anmeldebestätigung: ${title}`,
      messageId: `<${delivery?.id}@seminarwerk>`,
      correlationId: event.id,
    });
    expect(delivery?.sentAt).not.toBeNull();
    expect(delivery).not.toHaveProperty('payload');
    expect(mailsAbout(title)[0]?.messageId).toBe(delivery?.messageId);
  });

  it('finds deliveries by triggering event and status, for the back office only', async () => {
    const title = uniqueTitle('Personalrecht');
    const data = confirmation(title);
    const event = await publish(data);
    await smtp.waitForMessages((m) => m.subject?.includes(title) === true, { timeoutMs: 30_000 });

    const byEvent = await eventually(async () => {
      const { body } = await deliveryLog(`triggerEventId=${event.id}&status=sent`);
      expect(body.items).toHaveLength(1);
      return body.items;
    });
    expect(byEvent[0]?.registrationId).toBe(data.registrationId);
    expect((await deliveryLog(`triggerEventId=${event.id}&status=failed`)).body.items).toEqual([]);

    expect((await deliveryLog('', notification.as(municipalityPrincipal('musterstadt')))).status).toBe(403);
    expect((await deliveryLog('', notification.as())).status).toBe(401);
    expect((await deliveryLog('registrationId=not-a-uuid')).status).toBe(400);
  });
});
