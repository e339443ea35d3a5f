/**
 * SIGTERM to registration as a real process: the request in flight is answered, the offset of what it consumed is
 * committed, it exits 0; started again, it carries on where it stopped.
 */
import { randomUUID } from 'node:crypto';
import { OfferingScheduled, Topics } from '@seminarwerk/contracts';
import { principalHeaders } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { cloudEvent, createKafka } from '@seminarwerk/messaging';
import {
  eventPublisher,
  eventually,
  municipalityPrincipal,
  type SmtpTestServer,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { CONSUMER } from '../src/messaging/consumers.ts';
import { offeringData, person } from './catalogue.ts';

let smtp: SmtpTestServer;
let system: TestSystem;
let db: pg.Pool;
let publisher: Awaited<ReturnType<typeof eventPublisher>>;
const kafka = createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'graceful-test', logger: createLogger('test', 'warn') });

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url, services: ['registration'] });
  db = new pg.Pool({ connectionString: await system.databaseUrl('registration'), max: 3 });
  publisher = await eventPublisher();
});

afterAll(async () => {
  await publisher?.stop();
  await db?.end();
  await system?.stop();
  await smtp?.close();
});

/** Publishes an offering as the catalogue would and waits for registration's inbox to record it. */
async function offeringOpened(): Promise<{ offeringId: string; eventId: string }> {
  const data = offeringData({ capacity: 5 });
  const event = cloudEvent({
    type: OfferingScheduled.type,
    source: '/seminarwerk/catalogue',
    subject: data.offeringId,
    data,
    time: new Date(),
  });
  await publisher.publish([{ topic: `${system.kafkaNamespace}${Topics.catalogue}`, key: data.offeringId, event }]);
  await eventually(async () => {
    const { rowCount } = await db.query('SELECT 1 FROM processed_messages WHERE consumer = $1 AND event_id = $2', [CONSUMER, event.id]);
    expect(rowCount).toBe(1);
  });
  return { offeringId: data.offeringId, eventId: event.id };
}

function register(offeringId: string) {
  const path = '/registrations';
  const headers = principalHeaders(municipalityPrincipal('oldenburg'), system.principalSigningSecret, { method: 'POST', path });
  return fetch(`${system.urls.registration}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ offeringId, participant: person(`grace-${randomUUID().slice(0, 8)}`) }),
  });
}

/** For each partition of the catalogue topic: the group's committed offset and the end of the partition. */
async function offsets() {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topic = `${system.kafkaNamespace}${Topics.catalogue}`;
    const [committed] = await admin.fetchOffsets({ groupId: `${system.kafkaNamespace}registration`, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    return ends.map((end) => ({
      partition: end.partition,
      end: end.high,
      committed: committed?.partitions.find((p) => p.partition === end.partition)?.offset,
    }));
  } finally {
    await admin.disconnect();
  }
}

it('finishes the request in flight, commits what it consumed and exits 0 on SIGTERM; restarted, it goes on', async () => {
  const registration = system.processes.registration;
  if (!registration) throw new Error('registration was not started');
  const { offeringId } = await offeringOpened();

  // The offering's stream lock, held here, keeps the registration in flight until we let go.
  const blocker = await db.connect();
  await blocker.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`offering-${offeringId}`]);
  const inFlight = register(offeringId);
  await eventually(async () => {
    const { rows } = await db.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
    expect(rows[0].n).toBe(1);
  });

  const child = registration.child;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  // No new connections are taken while it drains.
  await eventually(() => expect(fetch(`${system.urls.registration}/health/live`)).rejects.toThrow());

  await blocker.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [`offering-${offeringId}`]);
  blocker.release();
  const answered = await inFlight;
  expect(answered.status).toBe(201);
  const booked = (await answered.json()) as { id: string };
  expect(await exited).toBe(0);

  // Everything consumed before the signal is committed: a restart does not read it again.
  const written = (await offsets()).filter((p) => p.end !== '0'); // an empty partition has nothing to commit (-1)
  expect(written).toHaveLength(1);
  for (const partition of written) expect(partition.committed, `partition ${partition.partition}`).toBe(partition.end);
  const { rows } = await db.query('SELECT count(*)::int AS n FROM registrations WHERE id = $1', [booked.id]);
  expect(rows[0].n).toBe(1);

  registration.start();
  await eventually(async () => expect((await fetch(`${system.urls.registration}/health/ready`)).status).toBe(200), { timeoutMs: 90_000 });
  await offeringOpened(); // consumed after the restart: the consumer goes on from the committed offsets
  const { rows: inbox } = await db.query('SELECT count(*)::int AS n FROM processed_messages WHERE consumer = $1', [CONSUMER]);
  expect(inbox[0].n).toBe(2);
});
