import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApiClient,
  apiClient,
  checkedFetch,
  eventually,
  registerWhenOpen,
  type SmtpTestServer,
  scheduleSeminarDate,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Json = Record<string, any>;
interface Arrived {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let smtp: SmtpTestServer;
let system: TestSystem;
let backOffice: ApiClient;
const arrived: Arrived[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    arrived.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    response.writeHead(204).end();
  });
});
let receiverUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = await startSmtpServer();
  // The services inherit this process's environment: notification may deliver to the receiver (plain http, loopback).
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
  system = await startTestSystem({ smtpUrl: smtp.url });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
  receiver.closeAllConnections();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function partner(municipalityId: string): Promise<{ client: ApiClient; key: string }> {
  const created = await backOffice.post<Json>('/v1/api-keys', { name: `${municipalityId} HR`, role: 'partner', municipalityId });
  expect(created.status).toBe(201);
  return { client: apiClient(system.gatewayUrl, created.body.key), key: created.body.key };
}

const scheduleOffering = () =>
  scheduleSeminarDate(backOffice, {
    title: 'Webhooks im Personalamt',
    topic: 'IT',
    feeCents: 0,
    capacity: 10,
    startsAt: '2027-03-09T09:00:00+01:00',
    endsAt: '2027-03-09T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
    registrationDeadline: '2027-03-01',
  });

/** The Standard Webhooks signature, computed here from the spec rather than with the sender's library. */
function signatureValid(secret: string, webhook: Arrived): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${webhook.headers['webhook-id']}.${webhook.headers['webhook-timestamp']}.${webhook.body}`;
  const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
  return String(webhook.headers['webhook-signature']).split(' ').includes(expected);
}

describe('webhooks through the gateway', () => {
  it('lets a partner subscribe and receive a signed webhook for its own registration, and nobody else’s', async () => {
    const { client: oldenburg, key: oldenburgKey } = await partner('oldenburg');
    const { client: hannover } = await partner('hannover');
    const idempotencyKey = randomUUID();
    const body = JSON.stringify({ url: `${receiverUrl}/oldenburg`, events: ['registration.confirmed'], description: 'HR' });
    const created = await oldenburg.post<Json>('/v1/webhook-subscriptions', body, { 'idempotency-key': idempotencyKey });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toContain('no-store');
    expect(created.body).toMatchObject({ municipalityId: 'oldenburg', status: 'active', events: ['registration.confirmed'] });
    const { id, secret } = created.body as { id: string; secret: string };
    // The secret is not kept for a retry.
    const retried = await oldenburg.post<Json>('/v1/webhook-subscriptions', body, { 'idempotency-key': idempotencyKey });
    expect(retried.status).toBe(409);
    expect(retried.body.type).toMatch(/secret-not-kept$/);
    const plainHttp = await oldenburg.post<Json>('/v1/webhook-subscriptions', {
      url: 'http://hr.oldenburg.example/',
      events: ['invoice.paid'],
    });
    expect(plainHttp.status).toBe(400);
    const forHannover = await hannover.post<Json>('/v1/webhook-subscriptions', {
      url: `${receiverUrl}/hannover`,
      events: ['registration.confirmed'],
    });
    expect(forHannover.status).toBe(201);

    const offeringId = await scheduleOffering();
    const person = (name: string) => ({ offeringId, participant: { firstName: name, lastName: 'Muster', email: `${name}@example.org` } });
    const anna = await registerWhenOpen<Json>(oldenburg, person('anna'));
    const sentinel = await registerWhenOpen<Json>(hannover, person('hans'));
    expect([anna.status, sentinel.status]).toEqual([201, 201]);

    const [webhook] = await eventually(
      () => {
        const mine = arrived.filter((w) => w.path === '/oldenburg');
        if (mine.length === 0 || !arrived.some((w) => w.path === '/hannover')) throw new Error('not yet');
        return mine;
      },
      { timeoutMs: 60_000 },
    );
    if (!webhook) throw new Error('no webhook');
    expect(signatureValid(secret, webhook)).toBe(true);
    const payload = JSON.parse(webhook.body);
    expect(payload).toMatchObject({
      id: webhook.headers['webhook-id'],
      type: 'registration.confirmed',
      data: { id: anna.body.id, offeringId, status: 'confirmed', municipalityId: 'oldenburg', participant: { firstName: 'anna' } },
    });
    // Hannover's registration went to Hannover's endpoint only.
    expect(arrived.filter((w) => w.path === '/oldenburg').map((w) => JSON.parse(w.body).data.id)).toEqual([anna.body.id]);
    expect(arrived.filter((w) => w.path === '/hannover').map((w) => JSON.parse(w.body).data.id)).toEqual([sentinel.body.id]);

    // The feed has the same payload, byte for byte; the log shows the delivery.
    // (The feed serves a row once every older transaction on the database server has ended: a moment later, at most.)
    await eventually(async () => {
      const feed = await oldenburg.get<Json>('/v1/events?types=registration.confirmed');
      expect(feed.status).toBe(200);
      expect(feed.body.items).toEqual([payload]);
    });
    const log = await eventually(async () => {
      const deliveries = await oldenburg.get<Json>(`/v1/webhook-subscriptions/${id}/deliveries`);
      expect(deliveries.body.items[0]?.status).toBe('delivered');
      return deliveries.body.items;
    });
    expect(log[0]).toMatchObject({ eventId: payload.id, eventType: 'registration.confirmed', attempts: 1, responseStatus: 204 });

    // Redelivery without a body: every failed one (none here).
    const redelivered = await oldenburg.post<Json>(`/v1/webhook-subscriptions/${id}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ queued: 0, subscription: { id, status: 'active' } });

    // Hannover cannot see Oldenburg's subscription; Oldenburg can delete it.
    expect((await hannover.get(`/v1/webhook-subscriptions/${id}`)).status).toBe(404);
    const deleted = await checkedFetch(`${system.gatewayUrl}/v1/webhook-subscriptions/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${oldenburgKey}` },
    });
    expect(deleted.status).toBe(204);
    expect((await oldenburg.get(`/v1/webhook-subscriptions/${id}`)).status).toBe(404);
  });
});
