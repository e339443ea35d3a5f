import { randomUUID } from 'node:crypto';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { applyRetention, publishedOutboxRows } from '@seminarwerk/runtime';
import { createTestDatabase } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliveryLog, mailBodies } from '../src/app/deliveries.ts';
import { createDb, type Db } from '../src/db.ts';
import { confirmationMail } from '../src/mail/templates.ts';
import { confirmation, institute, migrations } from './support.ts';

let db: Db;
beforeAll(async () => {
  const url = await createTestDatabase('notification_retention');
  await migrate(url, migrations);
  db = createDb(url);
});
afterAll(() => db?.$disconnect());

/** The retention job's clock: a fixed moment, so "31 days ago" is exact whatever day the test runs. */
const now = new Date('2027-06-01T03:00:00.000Z');
const daysBefore = (days: number) => new Date(now.getTime() - days * 86_400_000);

async function delivery(status: 'pending' | 'sent' | 'failed', at: Date): Promise<string> {
  const log = deliveryLog(db);
  const eventId = randomUUID();
  await db.$transaction((tx) => log.schedule(tx, { eventId }, confirmationMail(confirmation('Pressearbeit'), institute)));
  const [row] = await db.$queryRaw<{ id: string }[]>`
    UPDATE deliveries SET status = ${status}, created_at = ${at}, sent_at = ${status === 'sent' ? at : null}
     WHERE trigger_event_id = ${eventId} RETURNING id::text`;
  return (row as { id: string }).id;
}

async function outboxRow(publishedAt: Date | null, createdAt: Date): Promise<string> {
  const eventId = randomUUID();
  await db.$executeRaw`INSERT INTO outbox (event_id, topic, message_key, payload, created_at, published_at)
    VALUES (${eventId}, 'test', 'k', '{}'::jsonb, ${createdAt}, ${publishedAt})`;
  return eventId;
}

const payloadOf = async (id: string) =>
  (
    (await db.$queryRaw<{ payload: Record<string, unknown> }[]>`SELECT payload FROM deliveries WHERE id = ${id}::uuid`)[0] as {
      payload: Record<string, unknown>;
    }
  ).payload;

it('purges what is due and nothing else: mail bodies after 30 days, published outbox rows after 7', async () => {
  const due = { sent: await delivery('sent', daysBefore(31)), failed: await delivery('failed', daysBefore(45)) };
  const kept = {
    sentRecently: await delivery('sent', daysBefore(29)),
    pendingForLong: await delivery('pending', daysBefore(40)),
  };
  const outbox = {
    publishedLongAgo: await outboxRow(daysBefore(8), daysBefore(8)),
    publishedRecently: await outboxRow(daysBefore(6), daysBefore(6)),
    neverPublished: await outboxRow(null, daysBefore(30)),
  };
  const lines: string[] = [];
  const logger = createLogger('retention-test', 'info', { write: (line: string) => void lines.push(line) });
  const policies = [mailBodies(db, 30), publishedOutboxRows(db, 7)];

  const runs = await applyRetention(policies, now, logger);

  expect(runs).toEqual([
    { category: 'e-mail bodies in the delivery log', cutoff: daysBefore(30).toISOString(), purged: 2 },
    { category: 'published outbox rows', cutoff: daysBefore(7).toISOString(), purged: 1 },
  ]);
  for (const id of Object.values(due)) {
    expect(await payloadOf(id)).toMatchObject({ toName: null, text: '', html: '', attachments: [] });
    expect(JSON.stringify(await payloadOf(id))).not.toContain('Ada');
  }
  for (const id of Object.values(kept)) {
    const payload = await payloadOf(id);
    expect(payload).not.toHaveProperty('purgedAt');
    expect(payload.toName).toBe('Ada Lovelace');
  }
  const remaining = (await db.$queryRaw<{ event_id: string }[]>`SELECT event_id FROM outbox`).map((r) => r.event_id);
  expect(remaining.sort()).toEqual([outbox.publishedRecently, outbox.neverPublished].sort());
  // The log of what went: one line per category, with the count and the cutoff.
  const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(logged.map((l) => [l.category, l.purged])).toEqual([
    ['e-mail bodies in the delivery log', 2],
    ['published outbox rows', 1],
  ]);

  // Again at the same moment: nothing more is due.
  expect((await applyRetention(policies, now, logger)).map((r) => r.purged)).toEqual([0, 0]);
});

it('refuses to resend a message whose body was purged', async () => {
  const id = await delivery('sent', daysBefore(60));
  await applyRetention([mailBodies(db, 30)], now, createLogger('retention-test', 'silent'));
  await expect(deliveryLog(db).resend(id)).rejects.toMatchObject({ status: 409, code: 'mail-body-purged' });
});
