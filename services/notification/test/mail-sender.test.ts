import { randomUUID } from 'node:crypto';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase, eventually, type SmtpTestServer, startSmtpServer } from '@seminarwerk/testing';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { deliveryLog } from '../src/app/deliveries.ts';
import { type MailSender, startMailSender } from '../src/app/mail-sender.ts';
import { createDb, type Db } from '../src/db.ts';
import { confirmationMail } from '../src/mail/templates.ts';
import { confirmation, institute, migrations } from './support.ts';

const logger = createLogger('notification-test', 'silent');
let databaseUrl: string;
let db: Db;
let smtp: SmtpTestServer | undefined;
let senders: MailSender[] = [];

beforeAll(async () => {
  databaseUrl = await createTestDatabase('notification_sender');
  await migrate(databaseUrl, migrations);
  db = createDb(databaseUrl);
});

afterEach(async () => {
  await Promise.all(senders.map((s) => s.stop()));
  senders = [];
  await smtp?.close();
});

afterAll(async () => {
  await db?.$disconnect();
});

function startSenders(count: number, server: SmtpTestServer) {
  for (let i = 0; i < count; i++) {
    senders.push(startMailSender({ db, databaseUrl, smtpUrl: server.url, from: `${institute.name} <${institute.address}>`, logger }));
  }
}

/** Queues confirmations the way the consumer does: in one transaction, each for its own event. */
async function queue(titles: string[]): Promise<string[]> {
  const deliveries = deliveryLog(db);
  const eventIds = titles.map(() => randomUUID());
  await db.$transaction(async (tx) => {
    for (const [i, title] of titles.entries()) {
      await deliveries.schedule(tx, { eventId: eventIds[i] as string }, confirmationMail(confirmation(title), institute));
    }
  });
  return eventIds;
}

it('retries after temporary SMTP failures with backoff and sends once', async () => {
  smtp = await startSmtpServer();
  startSenders(1, smtp);
  smtp.failNext(2);
  const title = `Retry ${randomUUID()}`;
  const [eventId] = await queue([title]);

  await smtp.waitForMessages((m) => m.subject?.includes(title) === true, { timeoutMs: 20_000 });
  const delivery = await eventually(async () => {
    const row = await db.delivery.findFirstOrThrow({ where: { triggerEventId: eventId } });
    expect(row.status).toBe('sent');
    return row;
  });
  expect(delivery.attempts).toBe(3);
  expect(delivery.lastError).toMatch(/^EMESSAGE 451: /);
  // Two failures: retried after 1 s and then 2 s.
  expect((delivery.sentAt?.getTime() ?? 0) - delivery.createdAt.getTime()).toBeGreaterThanOrEqual(3_000);
  expect(smtp.messages.filter((m) => m.subject?.includes(title))).toHaveLength(1);
});

it('never sends a delivery twice when two instances compete for it', async () => {
  smtp = await startSmtpServer();
  startSenders(2, smtp);
  const prefix = `Competing ${randomUUID().slice(0, 8)}`;
  const eventIds = await queue(Array.from({ length: 30 }, (_, i) => `${prefix} #${i}`));

  await smtp.waitForMessages((m) => m.subject?.includes(prefix) === true, { count: 30, timeoutMs: 30_000 });
  await eventually(async () => {
    expect(await db.delivery.count({ where: { triggerEventId: { in: eventIds }, status: 'sent' } })).toBe(30);
  });
  const mails = smtp.messages.filter((m) => m.subject?.includes(prefix));
  expect(mails).toHaveLength(30);
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(30);
  const rows = await db.delivery.findMany({ where: { triggerEventId: { in: eventIds } } });
  expect(rows.every((r) => r.attempts === 1)).toBe(true);
});

it('keeps one delivery per triggering event and template', async () => {
  const eventId = randomUUID();
  const mail = confirmationMail(confirmation(`Once ${randomUUID()}`), institute);
  for (let i = 0; i < 2; i++) {
    await db.$transaction((tx) => deliveryLog(db).schedule(tx, { eventId }, mail));
  }
  expect(await db.delivery.count({ where: { triggerEventId: eventId } })).toBe(1);
});
