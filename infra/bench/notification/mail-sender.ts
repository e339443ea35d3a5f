/**
 * What one e-mail costs the notification service in CPU and SQL statements (issue 13): N confirmations are queued the
 * way the consumer queues them (one transaction each), then the mail sender sends them to an SMTP server in a process
 * of its own. Reports, per mail and per phase, this process's CPU time (process.cpuUsage) and the statements it sent
 * to PostgreSQL (every pg client's query counted: the sender's sessions, Prisma's pool, the listener).
 *
 *   npx tsx infra/bench/notification/mail-sender.ts [mails=2000] [lanes=4] [senders=1]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import pg from 'pg';
import { deliveryLog } from '../../../services/notification/src/app/deliveries.ts';
import { startMailSender } from '../../../services/notification/src/app/mail-sender.ts';
import { createDb } from '../../../services/notification/src/db.ts';
import { confirmationMail } from '../../../services/notification/src/mail/templates.ts';
import { confirmation, institute, migrations } from '../../../services/notification/test/support.ts';
import { DEFAULT_ADMIN_URL, dropDatabase, ensureDatabase } from '../../postgres.mjs';
import { startMailReceiver } from '../out-of-process.ts';

const mails = Number(process.argv[2] ?? 2_000);
const lanes = Number(process.argv[3] ?? 4);
const senderCount = Number(process.argv[4] ?? 1);
const adminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

/** CPU milliseconds and statements spent by `work`, divided by the mails it handled. */
async function measure(phase: string, work: () => Promise<void>): Promise<void> {
  const cpu = process.cpuUsage();
  const before = statements;
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  const perMail = (n: number) => (n / mails).toFixed(2);
  console.log(
    `${phase.padEnd(9)} ${mails} mails in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${perMail((used.user + used.system) / 1000)} ms CPU/mail (user ${perMail(used.user / 1000)}, system ${perMail(used.system / 1000)}), ` +
      `${perMail(statements - before)} statements/mail`,
  );
}

const name = `sw_bench_mail_sender_${randomBytes(4).toString('hex')}`;
const databaseUrl = await ensureDatabase(adminUrl, name);
const receiver = await startMailReceiver();
const logger = createLogger('bench-mail-sender', 'silent');
const db = createDb(databaseUrl);
try {
  await migrate(databaseUrl, migrations);
  const deliveries = deliveryLog(db);
  const confirmations = (phase: string) =>
    Array.from({ length: mails }, (_, i) => confirmationMail(confirmation(`Bench ${phase} #${i}`), institute));
  const backlog = confirmations('backlog');
  const trickle = confirmations('trickle');
  await db.$queryRaw`SELECT 1`; // connect before measuring

  await measure('schedule', async () => {
    for (const mail of backlog) {
      await db.$transaction((tx) => deliveries.schedule(tx, { eventId: randomUUID() }, mail));
    }
  });

  const startSenders = () =>
    Array.from({ length: senderCount }, () =>
      startMailSender({ databaseUrl, smtpUrl: receiver.url, from: `${institute.name} <${institute.address}>`, logger, lanes }),
    );
  const arrived = async (count: number) => {
    const { complete } = await receiver.waitFor(() => true, count, 300_000);
    if (!complete) throw new Error(`only ${receiver.mails.length} of ${count} mails arrived`);
  };

  await measure('send', async () => {
    const senders = startSenders();
    await arrived(mails);
    await Promise.all(senders.map((s) => s.stop()));
  });

  await measure('trickle', async () => {
    const senders = startSenders();
    for (const mail of trickle) {
      await db.$transaction((tx) => deliveries.schedule(tx, { eventId: randomUUID() }, mail));
    }
    await arrived(2 * mails);
    await Promise.all(senders.map((s) => s.stop()));
  });

  const [row] = await db.$queryRaw<{ sent: number; attempts: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, coalesce(sum(attempts), 0)::int AS attempts FROM deliveries`;
  const duplicates = receiver.mails.length - new Set(receiver.mails.map((m) => `${m.to} ${m.subject}`)).size;
  console.log(
    `recorded sent ${row?.sent}/${2 * mails}, attempts ${row?.attempts}, mails received ${receiver.mails.length}, duplicates ${duplicates}`,
  );
} finally {
  await db.$disconnect();
  await receiver.stop();
  await dropDatabase(adminUrl, name);
}
