// Issue 12, items 6-8: /metrics of every service moves with work, one correlation id follows a registration through
// every service, and a dead letter is fixed, replayed and takes effect once.
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CloudEvent, Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { consumerOffsets, createKafka } from '@seminarwerk/messaging';
import { deadLetterCommand } from '@seminarwerk/runtime';
import {
  type ApiClient,
  apiClient,
  collectEvents,
  type EventCollector,
  eventPublisher,
  eventually,
  registerWhenOpen,
  type SmtpTestServer,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

type Json = Record<string, any>;
const SERVICES = ['catalogue', 'registration', 'invoicing', 'notification', 'gateway'] as const;

let smtp: SmtpTestServer;
let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;
let registrationEvents: EventCollector;

beforeAll(async () => {
  smtp = await startSmtpServer();
  // info: the correlation test reads the services' log files.
  system = await startTestSystem({ smtpUrl: smtp.url, logLevel: 'info' });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const key = await backOffice.post<Json>('/v1/api-keys', { name: 'operability', role: 'partner', municipalityId: 'oldenburg' });
  partner = apiClient(system.gatewayUrl, key.body.key);
  registrationEvents = await collectEvents([`${system.kafkaNamespace}${Topics.registration}`]);
}, 180_000);

afterAll(async () => {
  await registrationEvents?.stop();
  await system?.stop();
  await smtp?.close();
});

/**
 * A POST retried with its Idempotency-Key while it answers 503: on a loaded machine the gateway's one-second health
 * check may find a service slow and answer 503 at once for a moment (and a 503 is never stored).
 */
async function created(path: string, body: unknown): Promise<Json> {
  const key = randomUUID();
  const response = await eventually(async () => {
    const answer = await backOffice.post<Json>(path, body, { 'idempotency-key': key });
    if (answer.status === 503) throw new Error(`${path}: 503`);
    return answer;
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function scheduleOffering(): Promise<string> {
  const seminar = await created('/v1/seminars', {
    title: `Haushaltsrecht ${randomUUID().slice(0, 8)}`,
    topic: 'Finanzen',
    feeCents: 25000,
  });
  const offering = await created(`/v1/seminars/${seminar.id}/offerings`, {
    capacity: 5,
    startsAt: '2027-03-16T09:00:00+01:00',
    endsAt: '2027-03-16T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' },
    registrationDeadline: '2027-03-02',
  });
  return offering.id;
}

/** A registration through the gateway, retried with its Idempotency-Key until the offering is open and answered. */
async function register(offeringId: string, name: string, headers: Record<string, string> = {}) {
  const client = {
    ...partner,
    post: (path: string, body?: unknown, h?: Record<string, string>) => partner.post(path, body, { ...h, ...headers }),
  };
  const body = { offeringId, participant: { firstName: name, lastName: 'Muster', email: `${name}@oldenburg.example` } };
  const idempotencyKey = randomUUID();
  return eventually(async () => {
    const answer = await registerWhenOpen<Json>(client as ApiClient, body, { idempotencyKey });
    if (answer.status === 503) throw new Error('503');
    return answer;
  });
}

// --- Prometheus text format, as much as the test needs: `name{a="b",...} value` lines.
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1] as string, labels: labels as Record<string, string>, value: Number(match[3]) };
    });
}
async function scrape(service: (typeof SERVICES)[number]): Promise<Sample[]> {
  const response = await fetch(system.metricsUrls[service]);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return parseMetrics(await response.text());
}
const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);
const has = (samples: Sample[], name: string) => samples.some((s) => s.name === name);

async function query<T = Json>(service: 'registration' | 'invoicing' | 'notification', sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: await system.databaseUrl(service) });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('metrics', () => {
  it('serves /metrics on every service, the gateway not on its public port', async () => {
    for (const service of SERVICES) {
      const samples = await scrape(service);
      expect(samples.every((s) => s.labels.service === service)).toBe(true);
      expect(has(samples, 'process_cpu_seconds_total')).toBe(true);
    }
    expect((await fetch(`${system.gatewayUrl}/metrics`)).status).toBe(404);
    expect(system.metricsUrls.gateway.startsWith(system.gatewayUrl)).toBe(false);
  });

  it('sees requests, decisions, the relay and the consumers move when a registration happens', async () => {
    const offeringId = await scheduleOffering();
    const before = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(s)] as const))) as Record<
      (typeof SERVICES)[number],
      Sample[]
    >;
    const registrationTopic = `${system.kafkaNamespace}${Topics.registration}`;

    const anna = await register(offeringId, 'anna-metrics');
    expect(anna.status).toBe(201);

    await eventually(
      async () => {
        const gateway = await scrape('gateway');
        const created = { method: 'POST', route: '/v1/registrations', status: '201' };
        expect(sum(gateway, 'http_request_duration_seconds_count', created)).toBe(
          sum(before.gateway, 'http_request_duration_seconds_count', created) + 1,
        );
        // The pattern, never the raw path with an id in it.
        expect(
          gateway.filter((s) => s.name === 'http_request_duration_seconds_count').every((s) => !/[0-9a-f]{8}-/.test(s.labels.route ?? '')),
        ).toBe(true);

        const registration = await scrape('registration');
        expect(sum(registration, 'http_request_duration_seconds_count', { route: '/registrations', status: '201' })).toBeGreaterThan(
          sum(before.registration, 'http_request_duration_seconds_count', { route: '/registrations', status: '201' }),
        );
        expect(sum(registration, 'registration_decisions_total', { command: 'Register', outcome: 'RegistrationConfirmed' })).toBe(
          sum(before.registration, 'registration_decisions_total', { command: 'Register', outcome: 'RegistrationConfirmed' }) + 1,
        );
        expect(sum(registration, 'outbox_published_total', { type: 'registration.confirmed.v1' })).toBe(
          sum(before.registration, 'outbox_published_total', { type: 'registration.confirmed.v1' }) + 1,
        );
        expect(has(registration, 'outbox_backlog')).toBe(true);
        expect(sum(registration, 'outbox_backlog')).toBe(0);
        expect(sum(registration, 'outbox_oldest_unpublished_age_seconds')).toBe(0);

        // Notification and invoicing consumed it: committed offsets moved on, and no lag is left on any partition.
        for (const consumer of ['notification', 'invoicing'] as const) {
          const samples = await scrape(consumer);
          const lag = samples.filter((s) => s.name === 'kafka_consumer_lag' && s.labels.topic === registrationTopic);
          expect(lag.length).toBe(3);
          expect(lag.every((s) => s.value === 0)).toBe(true);
          expect(sum(samples, 'kafka_consumer_committed_offset', { topic: registrationTopic })).toBeGreaterThan(
            sum(before[consumer], 'kafka_consumer_committed_offset', { topic: registrationTopic }),
          );
          expect(sum(samples, 'kafka_dead_letter_messages', { topic: `${registrationTopic}.dlq` })).toBe(0);
        }

        // Anna's confirmation went to the SMTP server: one more attempt timed, as sent.
        expect(sum(await scrape('notification'), 'mail_send_duration_seconds_count', { outcome: 'sent' })).toBeGreaterThan(
          sum(before.notification, 'mail_send_duration_seconds_count', { outcome: 'sent' }),
        );
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    const notification = await scrape('notification');
    expect(has(notification, 'notification_queue_pending')).toBe(true);
    expect(has(await scrape('invoicing'), 'invoices')).toBe(true);
  });
});

describe('correlation', () => {
  it("finds one registration's correlation id in its event, the e-mail's delivery row, its invoice position and every service's log", async () => {
    const offeringId = await scheduleOffering();
    const correlationId = `trace-${randomUUID()}`;
    const ben = await register(offeringId, 'ben-trace', { 'x-correlation-id': correlationId });
    expect(ben.status).toBe(201);
    const registrationId = ben.body.id as string;

    const [confirmed] = await query(
      'registration',
      `SELECT metadata FROM events WHERE type = 'RegistrationConfirmed' AND data->>'registrationId' = $1`,
      [registrationId],
    );
    expect(confirmed?.metadata.correlationId).toBe(correlationId);
    const published = await eventually(() => {
      const found = registrationEvents.received.find(
        (r) => r.event.type === 'registration.confirmed.v1' && r.event.data.registrationId === registrationId,
      );
      if (!found) throw new Error('not published yet');
      return found;
    });
    expect(published.event.correlationid).toBe(correlationId);

    await eventually(async () => {
      const deliveries = await query('notification', 'SELECT correlation_id FROM deliveries WHERE registration_id = $1', [registrationId]);
      expect(deliveries.map((d) => d.correlation_id)).toEqual([correlationId]);
    });
    await eventually(async () => {
      const position = await query('invoicing', 'SELECT metadata FROM events WHERE stream_id = $1 ORDER BY stream_version', [
        `registration-invoice-${registrationId}`,
      ]);
      expect(position.length).toBeGreaterThan(0);
      expect(position.every((e) => e.metadata.correlationId === correlationId)).toBe(true);
    });
    const mail = await smtp.waitForMessages((m) => m.to.includes('ben-trace@oldenburg.example'), { timeoutMs: 30_000 });
    expect(mail[0]?.headers['x-correlation-id']).toBe(correlationId);

    // Every service's log has lines with it: the request (gateway, registration), the event handled (catalogue,
    // invoicing, notification) and the e-mail sent.
    await eventually(
      async () => {
        for (const service of SERVICES) {
          const lines = (await readFile(join(system.logDir, `${service}.log`), 'utf8'))
            .split('\n')
            .filter((line) => line.includes(correlationId))
            .map((line) => JSON.parse(line) as Json);
          expect(lines.length, service).toBeGreaterThan(0);
          expect(lines.every((l) => l.correlationId === correlationId)).toBe(true);
        }
        const notification = await readFile(join(system.logDir, 'notification.log'), 'utf8');
        expect(notification.split('\n').some((l) => l.includes(correlationId) && l.includes('e-mail sent'))).toBe(true);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });
});

describe('dead letters', () => {
  it('lists, shows and replays a fixed dead letter, which takes effect once however often it is replayed', async () => {
    const offeringId = await scheduleOffering();
    const carla = await register(offeringId, 'carla-dlq');
    expect(carla.status).toBe(201);
    const template = await eventually(() => {
      const found = registrationEvents.received.find(
        (r) => r.event.type === 'registration.confirmed.v1' && r.event.data.registrationId === carla.body.id,
      );
      if (!found) throw new Error('not published yet');
      return found;
    });
    // Another confirmation as a buggy producer would send it: a fee that is no amount.
    const registrationId = randomUUID();
    const fixed: CloudEvent<string, Json> = {
      ...template.event,
      id: randomUUID(),
      data: {
        ...template.event.data,
        registrationId,
        participant: { ...template.event.data.participant, email: 'dora-dlq@oldenburg.example' },
      },
    };
    const broken = { ...fixed, data: { ...fixed.data, fee: 'a lot' } };
    const topic = `${system.kafkaNamespace}${Topics.registration}`;
    const publisher = await eventPublisher();
    await publisher.publish([{ topic, key: template.key, event: broken }]);
    await publisher.stop();

    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      const options = { service: 'notification', kafkaBrokers: inject('kafkaBrokers'), namespace: system.kafkaNamespace };
      const code = await deadLetterCommand(argv, { ...options, print: (l) => lines.push(l) });
      return { code, out: lines.join('\n') };
    };
    const listed = await eventually(
      async () => {
        const { out } = await run('list', '--type', 'registration.confirmed.v1');
        if (!out.includes(fixed.id)) throw new Error(out);
        return out;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    const line = listed.split('\n').find((l) => l.includes(fixed.id)) as string;
    const id = line.split('  ')[0] as string;
    expect(line).toContain('invalid-data');
    expect(listed).toContain('1 dead letter(s)'); // invoicing dead-lettered its own copy; this is notification's

    const shown = await run('show', id);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      reason: 'invalid-data',
      consumer: `${system.kafkaNamespace}notification`,
      value: { id: fixed.id },
    });

    const file = join(tmpdir(), `dead-letter-${randomUUID()}.json`);
    await writeFile(file, JSON.stringify(fixed));
    for (let replay = 1; replay <= 2; replay++) {
      const replayed = await run('replay', id, '--value-file', file);
      expect(replayed.code).toBe(0);
      expect(replayed.out).toContain(`replayed ${id}`);
      // The consumer has read past everything on the topic, the replay included.
      await untilCaughtUp(`${system.kafkaNamespace}notification`, topic);
    }
    const deliveries = await query('notification', 'SELECT status FROM deliveries WHERE trigger_event_id = $1', [fixed.id]);
    expect(deliveries).toHaveLength(1);
    await smtp.waitForMessages((m) => m.to.includes('dora-dlq@oldenburg.example'), { timeoutMs: 30_000 });
    expect(smtp.messages.filter((m) => m.to.includes('dora-dlq@oldenburg.example'))).toHaveLength(1);
    const inbox = await query('notification', 'SELECT count(*)::int AS n FROM processed_messages WHERE event_id = $1', [fixed.id]);
    expect(inbox[0]?.n).toBe(1);
  });
});

async function untilCaughtUp(groupId: string, topic: string) {
  const kafka = createKafka({
    brokers: inject('kafkaBrokers').split(','),
    clientId: 'test-offsets',
    logger: createLogger('test', 'silent'),
  });
  const offsets = consumerOffsets(kafka, groupId, [topic]);
  try {
    await eventually(
      async () => {
        const { lag } = await offsets.read();
        expect(lag.every((p) => p.lag === 0)).toBe(true);
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  } finally {
    await offsets.stop();
  }
}
