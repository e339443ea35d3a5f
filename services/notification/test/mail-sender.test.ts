import { randomUUID } from 'node:crypto';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase, eventually, type SmtpTestServer, startSmtpServer } from '@seminarwerk/testing';
import pg from 'pg';
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
    senders.push(startMailSender({ databaseUrl, smtpUrl: server.url, from: `${institute.name} <${institute.address}>`, logger }));
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

it('sends each delivery exactly once when two instances claim rounds of them under load', async () => {
  // A backlog and deliveries queued while both send: each lane claims several at once, the instances overlap.
  smtp = await startSmtpServer();
  const prefix = `Load ${randomUUID().slice(0, 8)}`;
  const titles = Array.from({ length: 300 }, (_, i) => `${prefix} #${i}`);
  const eventIds = await queue(titles.slice(0, 100));
  startSenders(2, smtp);
  for (let i = 100; i < titles.length; i += 10) eventIds.push(...(await queue(titles.slice(i, i + 10))));

  await smtp.waitForMessages((m) => m.subject?.includes(prefix) === true, { count: titles.length, timeoutMs: 60_000 });
  await eventually(async () => {
    expect(await db.delivery.count({ where: { triggerEventId: { in: eventIds }, status: 'sent' } })).toBe(titles.length);
  });
  const mails = smtp.messages.filter((m) => m.subject?.includes(prefix));
  expect(new Set(mails.map((m) => m.subject)).size).toBe(titles.length);
  expect(mails).toHaveLength(titles.length);
  expect(await db.delivery.count({ where: { triggerEventId: { in: eventIds }, attempts: { not: 1 } } })).toBe(0);
});

it('sends nothing more of a claimed round once its database session is gone, and loses none of it', async () => {
  // One lane claims the five at once; its connection is cut during the first SMTP conversation, so its locks on the
  // other four are gone. It must not send them unlocked: every message reaches the server while its delivery is
  // locked, and a new claim takes the four.
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const unlocked: string[] = [];
  let cuts = 0;
  try {
    smtp = await startSmtpServer({
      beforeAccept: async (message) => {
        const id = message.messageId?.replace(/^<|@seminarwerk>$/g, '') ?? '';
        const { rows } = await admin.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = hashtext($2)::oid`,
          [0x6d61696c, id],
        );
        if (rows.length === 0) unlocked.push(id);
        if (cuts++ > 0) return;
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'notification-mail-sender'`,
        );
      },
    });
    const prefix = `Round ${randomUUID().slice(0, 8)}`;
    const eventIds = await queue(Array.from({ length: 5 }, (_, i) => `${prefix} #${i}`));
    senders.push(startMailSender({ databaseUrl, smtpUrl: smtp.url, from: `${institute.name} <${institute.address}>`, logger, lanes: 1 }));

    await eventually(
      async () => {
        expect(await db.delivery.count({ where: { triggerEventId: { in: eventIds }, status: 'sent' } })).toBe(5);
      },
      { timeoutMs: 30_000 },
    );
    expect(smtp.messages.filter((m) => m.subject?.includes(prefix))).toHaveLength(5);
    expect(unlocked).toEqual([]);
  } finally {
    await admin.end();
  }
});

it('keeps one delivery per triggering event and template', async () => {
  const eventId = randomUUID();
  const mail = confirmationMail(confirmation(`Once ${randomUUID()}`), institute);
  for (let i = 0; i < 2; i++) {
    await db.$transaction((tx) => deliveryLog(db).schedule(tx, { eventId }, mail));
  }
  expect(await db.delivery.count({ where: { triggerEventId: eventId } })).toBe(1);
});

it('records an acceptance on its own, so a database cut during the SMTP conversation does not send it again', async () => {
  // While the server holds back its 250, every connection of the sender to its database is ended: the claim's and
  // the pool's. The acceptance must still be recorded (on a new connection) and the message not resent.
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const cut = async () => {
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
  };
  try {
    smtp = await startSmtpServer({ beforeAccept: cut });
    startSenders(1, smtp);
    const title = `Cut ${randomUUID()}`;
    const [eventId] = await queue([title]);

    const row = await eventually(
      async () => {
        const delivery = await db.delivery.findFirstOrThrow({ where: { triggerEventId: eventId } });
        expect(delivery.status).toBe('sent');
        return delivery;
      },
      { timeoutMs: 30_000 },
    );
    // Sent is final: nothing sends it after this.
    expect(smtp.messages.filter((m) => m.subject?.includes(title))).toHaveLength(1);
    expect(row.attempts).toBe(1);
  } finally {
    await admin.end();
  }
});

it('sends one message at a time per lane and records each before the next', async () => {
  // When the server receives a message, every message it received before is recorded as sent already.
  const unrecorded: string[] = [];
  smtp = await startSmtpServer({
    beforeAccept: async (message) => {
      const earlier = smtp?.messages.filter((m) => m.id < message.id).map((m) => m.messageId ?? '') ?? [];
      const pending = await db.delivery.findMany({ where: { messageId: { in: earlier }, status: { not: 'sent' } } });
      unrecorded.push(...pending.map((d) => d.messageId));
    },
  });
  senders.push(startMailSender({ databaseUrl, smtpUrl: smtp.url, from: `${institute.name} <${institute.address}>`, logger, lanes: 1 }));
  const prefix = `In order ${randomUUID().slice(0, 8)}`;
  await queue(Array.from({ length: 6 }, (_, i) => `${prefix} #${i}`));
  await smtp.waitForMessages((m) => m.subject?.includes(prefix) === true, { count: 6, timeoutMs: 30_000 });
  expect(unrecorded).toEqual([]);
});
