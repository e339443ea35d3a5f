import { randomUUID } from 'node:crypto';
import {
  type CloudEvent,
  OfferingCancelled,
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingRescheduled,
  OfferingScheduled,
  SeminarCancelled,
  SeminarCreated,
  SeminarPublished,
  SeminarUpdated,
  Topics,
} from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { createKafka } from '@seminarwerk/messaging';
import { type ApiClient, apiClient, eventually, registerWhenOpen, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

type Json = Record<string, any>;

let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;
let partnerKey: string;
let disconnect: (() => Promise<void>) | undefined;
/** Every message on this system's catalogue topic, in arrival order. */
const received: { key: string; event: CloudEvent<string, any> }[] = [];

const schedule = {
  capacity: 16,
  startsAt: '2030-02-12T09:00:00+01:00',
  endsAt: '2030-02-13T16:00:00+01:00',
  venue: { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' },
  registrationDeadline: '2030-01-29',
};
const hannover = { name: 'Tagungszentrum', city: 'Hannover' };

async function scheduleOffering(): Promise<{ seminarId: string; offeringId: string; title: string }> {
  const title = `Vergaberecht kompakt ${randomUUID().slice(0, 8)}`;
  const seminar = await backOffice.post<Json>('/v1/seminars', { title, topic: 'Vergabe', feeCents: 29000 });
  expect(seminar.status).toBe(201);
  const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, schedule);
  expect(offering.status).toBe(201);
  return { seminarId: seminar.body.id, offeringId: offering.body.id, title };
}

/** The public events of one offering of a type, once `count` of them have arrived. */
async function eventsOf(type: string, offeringId: string, count = 1) {
  return eventually(
    () => {
      const found = received.filter((m) => m.key === offeringId && m.event.type === type);
      if (found.length < count) throw new Error(`${found.length} of ${count} ${type} for ${offeringId} so far`);
      return found.map((m) => m.event);
    },
    { timeoutMs: 30_000 },
  );
}

const expectProblem = (response: { status: number; headers: Headers; body: Json }, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, type: `https://seminarwerk.example/problems/${code}`, detail: expect.any(String) });
};

beforeAll(async () => {
  // The catalogue behind the gateway, and registration to see drafts stay closed; nothing here sends e-mail.
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', services: ['catalogue', 'registration', 'gateway'] });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const created = await backOffice.post<Json>('/v1/api-keys', { name: 'oldenburg', role: 'partner', municipalityId: 'oldenburg' });
  expect(created.status).toBe(201);
  partnerKey = created.body.key;
  partner = apiClient(system.gatewayUrl, partnerKey);

  // A plain consumer of the system's catalogue topic (created by the catalogue at start-up), from the beginning.
  const kafka = createKafka({
    brokers: inject('kafkaBrokers').split(','),
    clientId: 'catalogue-test',
    logger: createLogger('catalogue-test', 'silent'),
  });
  const consumer = kafka.consumer({ groupId: `${system.kafkaNamespace}catalogue-test-${randomUUID()}`, maxWaitTimeInMs: 500 });
  disconnect = () => consumer.disconnect();
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [`${system.kafkaNamespace}${Topics.catalogue}`], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push({ key: message.key?.toString() ?? '', event: JSON.parse(message.value?.toString() ?? 'null') });
    },
  });
  await joined;
}, 180_000);

afterAll(async () => {
  await disconnect?.();
  await system?.stop();
});

describe('changing the capacity of an offering', () => {
  it('answers the offering with the new capacity, keeps it, and publishes capacity-changed; the same number again changes nothing', async () => {
    const { offeringId } = await scheduleOffering();

    const changed = await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 20 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: offeringId, capacity: 20, status: 'published' });
    // Free seats come from registration's availability events, not from here.
    expect(changed.body.seatsAvailable).toBe(16);
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({ capacity: 20, seatsAvailable: 16 });

    // A second and third command on the same stream: appended at the stream's current version.
    const same = await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 20 });
    expect(same.status).toBe(200);
    expect(same.body.capacity).toBe(20);
    const lowered = await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 12 });
    expect(lowered.status).toBe(200);
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.capacity).toBe(12);

    const events = await eventsOf(OfferingCapacityChanged.type, offeringId, 2);
    expect(events.map((e) => e.data)).toEqual([
      { offeringId, capacity: 20, previousCapacity: 16, changedAt: expect.any(String) },
      { offeringId, capacity: 12, previousCapacity: 20, changedAt: expect.any(String) },
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
      expect(() => OfferingCapacityChanged.data.parse(event.data)).not.toThrow();
    }
    // The unchanged capacity published nothing (give a stray event a moment to show up).
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((m) => m.key === offeringId && m.event.type === OfferingCapacityChanged.type)).toHaveLength(2);
  });
});

describe('rescheduling an offering', () => {
  it('moves the date and venue, keeps the deadline when none is sent, and publishes rescheduled with the previous date', async () => {
    const { offeringId, seminarId, title } = await scheduleOffering();

    const moved = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, {
      startsAt: '2030-03-12T09:00:00+01:00',
      endsAt: '2030-03-12T16:00:00+01:00',
      venue: hannover,
    });
    expect(moved.status).toBe(200);
    const expected = {
      id: offeringId,
      startsAt: '2030-03-12T08:00:00.000Z',
      endsAt: '2030-03-12T15:00:00.000Z',
      format: 'onsite',
      venue: hannover,
      location: 'Tagungszentrum, Hannover',
      registrationDeadline: '2030-01-29',
      capacity: 16,
      status: 'published',
    };
    expect(moved.body).toMatchObject(expected);
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject(expected);

    const [event] = await eventsOf(OfferingRescheduled.type, offeringId);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
    expect(event?.data).toEqual({
      offeringId,
      seminarId,
      seminarTitle: title,
      startsAt: '2030-03-12T09:00:00+01:00',
      endsAt: '2030-03-12T16:00:00+01:00',
      venue: 'Tagungszentrum, Hannover',
      format: 'onsite',
      address: hannover,
      registrationDeadline: '2030-01-29',
      sessions: [{ startsAt: '2030-03-12T08:00:00.000Z', endsAt: '2030-03-12T15:00:00.000Z' }],
      previous: {
        startsAt: '2030-02-12T08:00:00.000Z',
        endsAt: '2030-02-13T15:00:00.000Z',
        venue: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg',
      },
      rescheduledAt: expect.any(String),
    });
    expect(() => OfferingRescheduled.data.parse(event?.data)).not.toThrow();

    const deadline = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, {
      startsAt: '2030-03-12T09:00:00+01:00',
      endsAt: '2030-03-12T16:00:00+01:00',
      registrationDeadline: '2030-02-26',
    });
    expect(deadline.status).toBe(200);
    expect(deadline.body).toMatchObject({ venue: hannover, registrationDeadline: '2030-02-26' });
    const [, second] = await eventsOf(OfferingRescheduled.type, offeringId, 2);
    expect(second?.data).toMatchObject({
      registrationDeadline: '2030-02-26',
      previous: { startsAt: '2030-03-12T08:00:00.000Z', venue: 'Tagungszentrum, Hannover' },
    });
  });

  it('refuses a date that breaks the scheduling rules, naming the field', async () => {
    const { offeringId } = await scheduleOffering();
    const reschedule = (body: Json) => backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, body);

    const endBeforeStart = await reschedule({ startsAt: '2030-03-12T09:00:00+01:00', endsAt: '2030-03-12T08:00:00+01:00' });
    expectProblem(endBeforeStart, 400, 'validation-failed');
    expect(endBeforeStart.body.errors).toEqual([expect.objectContaining({ field: 'endsAt' })]);

    const lateDeadline = await reschedule({
      startsAt: '2030-03-12T09:00:00+01:00',
      endsAt: '2030-03-12T16:00:00+01:00',
      registrationDeadline: '2030-03-13',
    });
    expectProblem(lateDeadline, 400, 'validation-failed');
    expect(lateDeadline.body.errors).toEqual([expect.objectContaining({ field: 'registrationDeadline' })]);

    // The kept deadline (29 Jan) would be after the new start: the service names the field too.
    const overtaken = await reschedule({ startsAt: '2030-01-15T09:00:00+01:00', endsAt: '2030-01-15T16:00:00+01:00' });
    expectProblem(overtaken, 400, 'validation-failed');
    expect(overtaken.body.errors).toEqual([expect.objectContaining({ field: 'registrationDeadline' })]);

    const past = await reschedule({
      startsAt: '2020-03-12T09:00:00+01:00',
      endsAt: '2020-03-12T16:00:00+01:00',
      registrationDeadline: '2020-03-01',
    });
    expectProblem(past, 422, 'offering-in-the-past');
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'startsAt' })]);

    const missing = await reschedule({ startsAt: '2030-03-12T09:00:00+01:00' });
    expectProblem(missing, 400, 'validation-failed');
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'endsAt' })]);

    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({
      startsAt: '2030-02-12T08:00:00.000Z',
      registrationDeadline: '2030-01-29',
    });
  });
});

describe('cancelling an offering', () => {
  it('sets the status to cancelled, publishes cancelled, and refuses every later change with 409', async () => {
    const { offeringId, seminarId } = await scheduleOffering();

    const cancelled = await backOffice.post<Json>(`/v1/offerings/${offeringId}/cancel`, { reason: 'Referentin erkrankt' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: offeringId, status: 'cancelled', capacity: 16 });
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.status).toBe('cancelled');

    const [event] = await eventsOf(OfferingCancelled.type, offeringId);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
    expect(event?.data).toEqual({ offeringId, seminarId, reason: 'Referentin erkrankt', cancelledAt: expect.any(String) });
    expect(() => OfferingCancelled.data.parse(event?.data)).not.toThrow();

    expectProblem(
      await backOffice.post(`/v1/offerings/${offeringId}/cancel`, { reason: 'noch einmal' }),
      409,
      'offering-already-cancelled',
    );
    expectProblem(await backOffice.post(`/v1/offerings/${offeringId}/capacity`, { capacity: 30 }), 409, 'offering-cancelled');
    expectProblem(
      await backOffice.post(`/v1/offerings/${offeringId}/reschedule`, {
        startsAt: '2030-03-12T09:00:00+01:00',
        endsAt: '2030-03-12T16:00:00+01:00',
      }),
      409,
      'offering-cancelled',
    );
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({ status: 'cancelled', capacity: 16 });
  });
});

describe('errors of the offering operations', () => {
  const valid: Record<string, Json> = {
    capacity: { capacity: 20 },
    reschedule: { startsAt: '2030-03-12T09:00:00+01:00', endsAt: '2030-03-12T16:00:00+01:00' },
    cancel: { reason: 'Raum nicht verfügbar' },
  };

  it('forbids partner keys (403) and wants an API key (401)', async () => {
    const { offeringId } = await scheduleOffering();
    for (const [operation, body] of Object.entries(valid)) {
      expectProblem(await partner.post(`/v1/offerings/${offeringId}/${operation}`, body), 403, 'forbidden');
      expectProblem(await apiClient(system.gatewayUrl).post(`/v1/offerings/${offeringId}/${operation}`, body), 401, 'missing-api-key');
    }
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({ status: 'published', capacity: 16 });
  });

  it('answers 404 for an unknown offering and 400 for a path id that is not a UUID', async () => {
    for (const [operation, body] of Object.entries(valid)) {
      expectProblem(await backOffice.post(`/v1/offerings/${randomUUID()}/${operation}`, body), 404, 'offering-not-found');
      expectProblem(await backOffice.post(`/v1/offerings/not-a-uuid/${operation}`, body), 400, 'validation-failed');
    }
  });

  it('answers 400 naming the field for a bad body, and for a POST without an Idempotency-Key', async () => {
    const { offeringId } = await scheduleOffering();
    const cases: [string, unknown, string][] = [
      ['capacity', { capacity: 0 }, 'capacity'],
      ['capacity', { capacity: 2.5 }, 'capacity'],
      ['capacity', {}, 'capacity'],
      ['reschedule', { startsAt: 'tomorrow', endsAt: '2030-03-12T16:00:00+01:00' }, 'startsAt'],
      ['reschedule', { ...valid.reschedule, venue: { name: ' ', city: 'Hannover' } }, 'venue.name'],
      ['reschedule', { ...valid.reschedule, venue: { name: 'Saal', city: 'Hannover', postalCode: '3015' } }, 'venue.postalCode'],
      ['cancel', { reason: '' }, 'reason'],
      ['cancel', { reason: 'x'.repeat(501) }, 'reason'],
      ['cancel', {}, 'reason'],
    ];
    for (const [operation, body, field] of cases) {
      const response = await backOffice.post<Json>(`/v1/offerings/${offeringId}/${operation}`, body);
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(response.body.detail).toContain(field);
    }
    expectProblem(
      await backOffice.post(`/v1/offerings/${offeringId}/capacity`, valid.capacity, { 'idempotency-key': '' }),
      400,
      'idempotency-key-required',
    );
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({ status: 'published', capacity: 16 });
  });

  it('replays a repeated POST with the same Idempotency-Key without changing anything twice', async () => {
    const { offeringId } = await scheduleOffering();
    const key = randomUUID();
    const first = await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 25 }, { 'idempotency-key': key });
    const again = await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 25 }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

/** A PATCH through the gateway (the test client has no PATCH). */
async function patch(path: string, body: unknown, key: string | null = system.backOfficeKey) {
  const response = await fetch(new URL(path, system.gatewayUrl), {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Json };
}

const letters = () => Array.from({ length: 10 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');
const participant = (firstName: string) => ({ firstName, lastName: 'Muster', email: `${firstName}@oldenburg.example` });

describe('draft offerings', () => {
  async function scheduleDraft() {
    const city = `Entwurfstadt-${letters()}`;
    const seminar = await backOffice.post<Json>('/v1/seminars', { title: `Entwurf ${letters()}`, topic: 'Vergabe', feeCents: 19000 });
    expect(seminar.status).toBe(201);
    const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
      ...schedule,
      venue: { name: 'Saal 1', city },
      status: 'draft',
    });
    expect(offering.status).toBe(201);
    expect(offering.body.status).toBe('draft');
    return { seminarId: seminar.body.id as string, offeringId: offering.body.id as string, city };
  }
  const listed = async (city: string) => (await partner.get<Json>(`/v1/offerings?city=${city}`)).body.items.map((o: Json) => o.id);
  const inFeed = async (offeringId: string) =>
    (await (await fetch(new URL('/v1/offerings.ics', system.gatewayUrl))).text()).includes(`offering-${offeringId}@`);

  it('keeps a draft out of the public reads and closed for registration, until it is published', async () => {
    const { seminarId, offeringId, city } = await scheduleDraft();
    const [scheduled] = await eventsOf(OfferingScheduled.type, offeringId);
    expect(scheduled?.data).toMatchObject({ offeringId, status: 'draft' });

    expect(await listed(city)).toEqual([]);
    expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).body.offerings).toEqual([]);
    expect(await inFeed(offeringId)).toBe(false);
    // Registration has seen the draft (give its consumer a moment) and did not open it.
    await new Promise((r) => setTimeout(r, 1000));
    const closed = await partner.post<Json>('/v1/registrations', { offeringId, participant: participant('anna') });
    expectProblem(closed, 409, 'offering-not-open');

    const published = await backOffice.post<Json>(`/v1/offerings/${offeringId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: offeringId, status: 'published', capacity: 16 });
    const [event] = await eventsOf(OfferingPublished.type, offeringId);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
    expect(event?.data).toMatchObject({ offeringId, seminarId, status: 'published', capacity: 16, fee: { amountCents: 19000 } });
    expect(() => OfferingPublished.data.parse(event?.data)).not.toThrow();

    expect(await listed(city)).toEqual([offeringId]);
    expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).body.offerings.map((o: Json) => o.id)).toEqual([offeringId]);
    expect(await inFeed(offeringId)).toBe(true);
    const registered = await registerWhenOpen(partner, { offeringId, participant: participant('bert') }, { timeoutMs: 30_000 });
    expect(registered.status).toBe(201);
    expect(registered.body.status).toBe('confirmed');
  });

  it('publishes the capacity the draft has when it is published', async () => {
    const { offeringId } = await scheduleDraft();
    expect((await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 30 })).status).toBe(200);
    expect((await backOffice.post<Json>(`/v1/offerings/${offeringId}/publish`)).body).toMatchObject({ status: 'published', capacity: 30 });
    const [event] = await eventsOf(OfferingPublished.type, offeringId);
    expect(event?.data).toMatchObject({ capacity: 30, status: 'published' });
  });

  it('changes nothing when publishing a published offering, and refuses a cancelled one with 409', async () => {
    const { offeringId } = await scheduleOffering();
    const again = await backOffice.post<Json>(`/v1/offerings/${offeringId}/publish`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: offeringId, status: 'published' });

    const draft = await scheduleDraft();
    expect((await backOffice.post<Json>(`/v1/offerings/${draft.offeringId}/cancel`, { reason: 'Entfällt' })).status).toBe(200);
    expectProblem(await backOffice.post(`/v1/offerings/${draft.offeringId}/publish`), 409, 'offering-cancelled');
    await new Promise((r) => setTimeout(r, 500));
    const publishedEvents = received.filter(
      (m) => [offeringId, draft.offeringId].includes(m.key) && m.event.type === OfferingPublished.type,
    );
    expect(publishedEvents).toEqual([]);
  });

  it('answers 403 for partners, 401 without a key, 404 for an unknown offering, and 400 for a bad status', async () => {
    const { offeringId } = await scheduleDraft();
    expectProblem(await partner.post(`/v1/offerings/${offeringId}/publish`), 403, 'forbidden');
    expectProblem(await apiClient(system.gatewayUrl).post(`/v1/offerings/${offeringId}/publish`), 401, 'missing-api-key');
    expectProblem(await backOffice.post(`/v1/offerings/${randomUUID()}/publish`), 404, 'offering-not-found');
    expect((await backOffice.get<Json>(`/v1/offerings/${offeringId}`)).body.status).toBe('draft');

    const seminar = await backOffice.post<Json>('/v1/seminars', { title: 'Status', topic: 'Vergabe', feeCents: 0 });
    const bad = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, { ...schedule, status: 'cancelled' });
    expectProblem(bad, 400, 'validation-failed');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});

describe('updating a seminar', () => {
  async function createSeminar() {
    const seminar = await backOffice.post<Json>('/v1/seminars', { title: `Kommunalrecht ${letters()}`, topic: 'Recht', feeCents: 25000 });
    expect(seminar.status).toBe(201);
    return seminar.body;
  }

  it('merges the fields sent, answers and serves the seminar at once, and publishes only what changed', async () => {
    const seminar = await createSeminar();
    // Read it first, so the gateway holds it in its read cache.
    expect((await partner.get<Json>(`/v1/seminars/${seminar.id}`)).body.title).toBe(seminar.title);

    const word = letters();
    const title = `Kommunalrecht ${word}`;
    const changes = { title, feeCents: 27000, lecturers: ['Prof. Dr. M. Muster'] };
    const updated = await patch(`/v1/seminars/${seminar.id}`, { ...changes, topic: 'Recht' });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...seminar, ...changes });
    expect((await partner.get<Json>(`/v1/seminars/${seminar.id}`)).body).toMatchObject(changes);
    // The search index follows the new title.
    expect((await partner.get<Json>(`/v1/seminars?q=${word}`)).body.items.map((s: Json) => s.id)).toEqual([seminar.id]);

    const events = await eventsOf(SeminarUpdated.type, seminar.id);
    expect(events[0]).toMatchObject({ source: '/seminarwerk/catalogue', subject: seminar.id });
    expect(events[0]?.data).toEqual({ seminarId: seminar.id, changes, updatedAt: expect.any(String) });
    expect(() => SeminarUpdated.data.parse(events[0]?.data)).not.toThrow();

    // The same values again change nothing and publish nothing.
    const same = await patch(`/v1/seminars/${seminar.id}`, changes);
    expect(same.status).toBe(200);
    expect(same.body).toEqual(updated.body);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((m) => m.key === seminar.id && m.event.type === SeminarUpdated.type)).toHaveLength(1);
  });

  it('answers 400 naming an unknown or invalid field, and for an empty body', async () => {
    const seminar = await createSeminar();
    const cases: [unknown, string][] = [
      [{ price: 100 }, 'price'],
      [{ title: 'Neu', colour: 'blau' }, 'colour'],
      [{ feeCents: -1 }, 'feeCents'],
      [{ title: ' ' }, 'title'],
      [{ vat: 'zero' }, 'vat'],
      [{ cancellationTerms: { freeUntilDaysBefore: 3 } }, 'cancellationTerms.lateCancellationFeePercent'],
    ];
    for (const [body, field] of cases) {
      const response = await patch(`/v1/seminars/${seminar.id}`, body);
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(response.body.detail).toContain(field);
    }
    expectProblem(await patch(`/v1/seminars/${seminar.id}`, {}), 400, 'validation-failed');
    expect((await partner.get<Json>(`/v1/seminars/${seminar.id}`)).body).toMatchObject({ title: seminar.title, feeCents: 25000 });
  });

  it('answers 404 for an unknown seminar, 403 for partners and 401 without a key', async () => {
    const seminar = await createSeminar();
    expectProblem(await patch(`/v1/seminars/${randomUUID()}`, { title: 'Neu' }), 404, 'seminar-not-found');
    expectProblem(await patch(`/v1/seminars/${seminar.id}`, { title: 'Neu' }, partnerKey), 403, 'forbidden');
    expectProblem(await patch(`/v1/seminars/${seminar.id}`, { title: 'Neu' }, null), 401, 'missing-api-key');
    expect((await partner.get<Json>(`/v1/seminars/${seminar.id}`)).body.title).toBe(seminar.title);
  });
});

describe('the sessions of an offering', () => {
  const days = [
    { startsAt: '2030-02-12T09:00:00+01:00', endsAt: '2030-02-12T16:00:00+01:00' },
    { startsAt: '2030-02-13T09:00:00+01:00', endsAt: '2030-02-13T16:00:00+01:00' },
  ];
  const daysUtc = [
    { startsAt: '2030-02-12T08:00:00.000Z', endsAt: '2030-02-12T15:00:00.000Z' },
    { startsAt: '2030-02-13T08:00:00.000Z', endsAt: '2030-02-13T15:00:00.000Z' },
  ];

  it('answers, serves and publishes the sessions given, in UTC, and moves them with the date', async () => {
    const seminar = await backOffice.post<Json>('/v1/seminars', { title: `Zweitägig ${letters()}`, topic: 'Vergabe', feeCents: 0 });
    const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, { ...schedule, sessions: days });
    expect(offering.status).toBe(201);
    expect(offering.body.sessions).toEqual(daysUtc);
    const offeringId = offering.body.id;
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.sessions).toEqual(daysUtc);
    expect((await partner.get<Json>(`/v1/seminars/${seminar.body.id}`)).body.offerings[0].sessions).toEqual(daysUtc);
    const [scheduled] = await eventsOf(OfferingScheduled.type, offeringId);
    expect(scheduled?.data.sessions).toEqual(daysUtc);

    // A week later: both days move with the start.
    const moved = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, {
      startsAt: '2030-02-19T09:00:00+01:00',
      endsAt: '2030-02-20T16:00:00+01:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sessions).toEqual([
      { startsAt: '2030-02-19T08:00:00.000Z', endsAt: '2030-02-19T15:00:00.000Z' },
      { startsAt: '2030-02-20T08:00:00.000Z', endsAt: '2030-02-20T15:00:00.000Z' },
    ]);
    const [rescheduled] = await eventsOf(OfferingRescheduled.type, offeringId);
    expect(rescheduled?.data.sessions).toEqual(moved.body.sessions);

    // A single day the kept sessions no longer fit: the back office must send new ones.
    const oneDay = { startsAt: '2030-02-26T09:00:00+01:00', endsAt: '2030-02-26T16:00:00+01:00' };
    const refused = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, oneDay);
    expectProblem(refused, 400, 'validation-failed');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'sessions' })]);
    const withSessions = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, { ...oneDay, sessions: [oneDay] });
    expect(withSessions.body.sessions).toEqual([{ startsAt: '2030-02-26T08:00:00.000Z', endsAt: '2030-02-26T15:00:00.000Z' }]);
  });

  it('gives an offering without sessions one: the whole offering', async () => {
    const { offeringId } = await scheduleOffering();
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.sessions).toEqual([
      { startsAt: '2030-02-12T08:00:00.000Z', endsAt: '2030-02-13T15:00:00.000Z' },
    ]);
  });

  it('answers 400 naming the session field that breaks a rule', async () => {
    const seminar = await backOffice.post<Json>('/v1/seminars', { title: 'Sitzungen', topic: 'Vergabe', feeCents: 0 });
    const cases: [unknown, string][] = [
      [[days[0], { startsAt: days[1]?.endsAt, endsAt: days[1]?.startsAt }], 'sessions.1.endsAt'],
      [[days[0], { startsAt: '2030-02-12T15:00:00+01:00', endsAt: days[1]?.endsAt }], 'sessions.1.startsAt'],
      [[{ startsAt: '2030-02-12T08:00:00+01:00', endsAt: days[0]?.endsAt }], 'sessions.0.startsAt'],
      [[days[0], { startsAt: days[1]?.startsAt, endsAt: '2030-02-14T16:00:00+01:00' }], 'sessions.1.endsAt'],
      [[], 'sessions'],
    ];
    for (const [sessions, field] of cases) {
      const response = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, { ...schedule, sessions });
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(response.body.detail).toContain(field);
    }
    expect((await partner.get<Json>(`/v1/seminars/${seminar.body.id}`)).body.offerings).toEqual([]);
  });
});

describe('updating an offering (PATCH)', () => {
  it('changes capacity and venue in one update, serves them at once, and publishes capacity-changed and rescheduled', async () => {
    const { offeringId, seminarId } = await scheduleOffering();
    // Read it first, so the gateway holds it in its read cache.
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.location).toBe('Seminarzentrum, Musterstraße 1, 26121 Oldenburg');

    const updated = await patch(`/v1/offerings/${offeringId}`, { capacity: 18, venue: hannover });
    expect(updated.status).toBe(200);
    const expected = { id: offeringId, capacity: 18, format: 'onsite', venue: hannover, location: 'Tagungszentrum, Hannover' };
    expect(updated.body).toMatchObject({ ...expected, startsAt: '2030-02-12T08:00:00.000Z', registrationDeadline: '2030-01-29' });
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject(expected);
    expect((await partner.get<Json>('/v1/offerings?city=hannover&limit=100')).body.items.map((o: Json) => o.id)).toContain(offeringId);

    const [capacity] = await eventsOf(OfferingCapacityChanged.type, offeringId);
    expect(capacity?.data).toMatchObject({ capacity: 18, previousCapacity: 16 });
    const [moved] = await eventsOf(OfferingRescheduled.type, offeringId);
    expect(moved?.data).toMatchObject({
      seminarId,
      startsAt: '2030-02-12T08:00:00.000Z',
      venue: 'Tagungszentrum, Hannover',
      address: hannover,
      previous: { venue: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg' },
    });
    expect(() => OfferingRescheduled.data.parse(moved?.data)).not.toThrow();

    // The same values again change nothing and publish nothing.
    // (Free seats follow from registration meanwhile, so they are left out of the comparison.)
    const again = await patch(`/v1/offerings/${offeringId}`, { capacity: 18, venue: hannover });
    expect({ ...again.body, seatsAvailable: 0 }).toEqual({ ...updated.body, seatsAvailable: 0 });
    await new Promise((r) => setTimeout(r, 500));
    const types = received.filter((m) => m.key === offeringId).map((m) => m.event.type);
    expect(types.filter((t) => t === OfferingRescheduled.type || t === OfferingCapacityChanged.type)).toHaveLength(2);
  });

  it('switches to online with a link that the catalogue never shows, and back on site', async () => {
    const { offeringId } = await scheduleOffering();
    const link = 'https://meet.example/vergabe-42';
    const online = await patch(`/v1/offerings/${offeringId}`, { format: 'online', onlineLink: link });
    expect(online.status).toBe(200);
    expect(online.body).toMatchObject({ format: 'online', venue: null, location: 'Online' });
    const publicRead = await partner.get<Json>(`/v1/offerings/${offeringId}`);
    expect(JSON.stringify(publicRead.body)).not.toContain(link);
    const [event] = await eventsOf(OfferingRescheduled.type, offeringId);
    expect(event?.data).toMatchObject({ format: 'online', venue: 'Online', onlineLink: link });
    expect(event?.data).not.toHaveProperty('address');

    const back = await patch(`/v1/offerings/${offeringId}`, { format: 'onsite', venue: hannover });
    expect(back.body).toMatchObject({ format: 'onsite', venue: hannover });
    const [, second] = await eventsOf(OfferingRescheduled.type, offeringId, 2);
    expect(second?.data).not.toHaveProperty('onlineLink');
  });

  it('answers 400 naming the field, 409 for a cancelled offering, 404, 403 and 401', async () => {
    const { offeringId } = await scheduleOffering();
    const cases: [unknown, string][] = [
      [{ status: 'published' }, 'status'],
      [{ colour: 'red' }, 'colour'],
      [{ venue: { name: 'Saal', city: 'Hannover', postalCode: 'ABCDE' } }, 'venue.postalCode'],
      [{ onlineLink: 'https://meet.example/a' }, 'onlineLink'],
      [{ format: 'online', venue: hannover }, 'venue'],
      [{ endsAt: '2030-02-11T16:00:00+01:00' }, 'endsAt'],
      [{ registrationDeadline: '2030-02-20' }, 'registrationDeadline'],
      [{ capacity: 0 }, 'capacity'],
    ];
    for (const [body, field] of cases) {
      const response = await patch(`/v1/offerings/${offeringId}`, body);
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
      expect(response.body.detail).toContain(field);
    }
    expectProblem(await patch(`/v1/offerings/${offeringId}`, {}), 400, 'validation-failed');
    expectProblem(await patch(`/v1/offerings/${randomUUID()}`, { capacity: 3 }), 404, 'offering-not-found');
    expectProblem(await patch(`/v1/offerings/${offeringId}`, { capacity: 3 }, partnerKey), 403, 'forbidden');
    expectProblem(await patch(`/v1/offerings/${offeringId}`, { capacity: 3 }, null), 401, 'missing-api-key');
    expect((await backOffice.post(`/v1/offerings/${offeringId}/cancel`, { reason: 'Entfällt' })).status).toBe(200);
    expectProblem(await patch(`/v1/offerings/${offeringId}`, { capacity: 3 }), 409, 'offering-cancelled');
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({ capacity: 16, venue: schedule.venue });
  });
});

describe('draft and cancelled seminars', () => {
  const seminarBody = () => ({ title: `Wahlrecht ${letters()}`, topic: 'Wahlen', feeCents: 15000 });
  const publicIds = async (title: string) =>
    (await apiClient(system.gatewayUrl).get<Json>(`/v1/seminars?q=${encodeURIComponent(title)}`)).body.items.map((s: Json) => s.id);

  it('keeps a draft seminar and its dates private until it is published, then its dates can be published', async () => {
    const body = seminarBody();
    const created = await backOffice.post<Json>('/v1/seminars', { ...body, status: 'draft' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const seminarId = created.body.id;
    const [createdEvent] = await eventsOf(SeminarCreated.type, seminarId);
    expect(createdEvent).toMatchObject({ source: '/seminarwerk/catalogue', subject: seminarId });
    expect(createdEvent?.data).toEqual({
      seminarId,
      title: body.title,
      topic: 'Wahlen',
      fee: { amountCents: 15000, currency: 'EUR' },
      vat: 'exempt-4-22a',
      cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
      status: 'draft',
    });

    // The back office reads it first: the gateway's cache must not hand that answer to anyone else.
    expect((await backOffice.get<Json>(`/v1/seminars/${seminarId}`)).status).toBe(200);
    expectProblem(await apiClient(system.gatewayUrl).get<Json>(`/v1/seminars/${seminarId}`), 404, 'seminar-not-found');
    expectProblem(await partner.get<Json>(`/v1/seminars/${seminarId}`), 404, 'seminar-not-found');
    expect(await publicIds(body.title)).toEqual([]);

    const published = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, schedule);
    expectProblem(published, 409, 'seminar-not-published');
    const draft = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, { ...schedule, status: 'draft' });
    expect(draft.status).toBe(201);
    const offeringId = draft.body.id;
    expect((await backOffice.get<Json>(`/v1/offerings/${offeringId}`)).body.status).toBe('draft');
    expectProblem(await apiClient(system.gatewayUrl).get(`/v1/offerings/${offeringId}`), 404, 'offering-not-found');
    expectProblem(await backOffice.post(`/v1/offerings/${offeringId}/publish`), 409, 'seminar-not-published');

    const publishedSeminar = await backOffice.post<Json>(`/v1/seminars/${seminarId}/publish`);
    expect(publishedSeminar.status).toBe(200);
    expect(publishedSeminar.body).toMatchObject({ id: seminarId, status: 'published' });
    const [event] = await eventsOf(SeminarPublished.type, seminarId);
    expect(event?.data).toEqual({ seminarId, publishedAt: expect.any(String) });
    expect(await publicIds(body.title)).toEqual([seminarId]);
    // Its dates stay drafts until published themselves.
    expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).body.offerings).toEqual([]);
    expect((await backOffice.get<Json>(`/v1/seminars/${seminarId}`)).body.offerings.map((o: Json) => o.id)).toEqual([offeringId]);
    expect((await backOffice.post<Json>(`/v1/offerings/${offeringId}/publish`)).body.status).toBe('published');
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.status).toBe('published');

    // Publishing again changes nothing.
    expect((await backOffice.post<Json>(`/v1/seminars/${seminarId}/publish`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((m) => m.key === seminarId && m.event.type === SeminarPublished.type)).toHaveLength(1);
  });

  it('cancels a seminar with all its dates in one step: registrations are cancelled, nothing changes afterwards', async () => {
    const seminar = await backOffice.post<Json>('/v1/seminars', seminarBody());
    const seminarId = seminar.body.id;
    const open = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, schedule);
    const draft = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, { ...schedule, status: 'draft' });
    const done = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, schedule);
    expect((await backOffice.post(`/v1/offerings/${done.body.id}/cancel`, { reason: 'früher abgesagt' })).status).toBe(200);
    const body = { offeringId: open.body.id, participant: participant('clara') };
    const registration = await registerWhenOpen(partner, body, { timeoutMs: 30_000 });
    expect(registration.body.status).toBe('confirmed');

    const cancelled = await backOffice.post<Json>(`/v1/seminars/${seminarId}/cancel`, { reason: 'Wird nicht mehr angeboten' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: seminarId, status: 'cancelled' });

    const [event] = await eventsOf(SeminarCancelled.type, seminarId);
    expect(event?.data).toEqual({
      seminarId,
      reason: 'Wird nicht mehr angeboten',
      offeringIds: [open.body.id, draft.body.id].sort(),
      cancelledAt: expect.any(String),
    });
    for (const offeringId of [open.body.id, draft.body.id]) {
      const [offeringCancelled] = await eventsOf(OfferingCancelled.type, offeringId);
      expect(offeringCancelled?.data).toMatchObject({ offeringId, seminarId, reason: 'Wird nicht mehr angeboten' });
      expect((await backOffice.get<Json>(`/v1/offerings/${offeringId}`)).body.status).toBe('cancelled');
    }
    expect(received.filter((m) => m.key === done.body.id && m.event.type === OfferingCancelled.type)).toHaveLength(1);
    await eventually(
      async () => {
        const read = await partner.get<Json>(`/v1/registrations/${registration.body.id}`);
        if (read.body.status !== 'cancelled') throw new Error(`still ${read.body.status}`);
      },
      { timeoutMs: 30_000 },
    );

    // It stays readable, but out of the lists, and changes no more.
    expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).body).toMatchObject({ status: 'cancelled' });
    expect(await publicIds(seminar.body.title)).toEqual([]);
    expectProblem(await backOffice.post(`/v1/seminars/${seminarId}/cancel`, { reason: 'noch einmal' }), 409, 'seminar-already-cancelled');
    expectProblem(await patch(`/v1/seminars/${seminarId}`, { title: 'Neu' }), 409, 'seminar-cancelled');
    expectProblem(await backOffice.post(`/v1/seminars/${seminarId}/offerings`, schedule), 409, 'seminar-cancelled');
    expectProblem(await backOffice.post(`/v1/seminars/${seminarId}/publish`), 409, 'seminar-cancelled');
  });

  it('leaves no open date behind when dates are scheduled and published while the seminar is cancelled', async () => {
    const seminar = await backOffice.post<Json>('/v1/seminars', seminarBody());
    const seminarId = seminar.body.id;
    const drafts = await Promise.all(
      Array.from({ length: 5 }, () => backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, { ...schedule, status: 'draft' })),
    );
    const racing = [
      ...Array.from({ length: 10 }, () => backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, schedule)),
      ...drafts.map((d) => backOffice.post<Json>(`/v1/offerings/${d.body.id}/publish`)),
      backOffice.post<Json>(`/v1/seminars/${seminarId}/cancel`, { reason: 'Abgesagt im Ansturm' }),
    ];
    const answers = await Promise.all(racing);
    expect(answers.map((a) => a.status).filter((status) => ![200, 201, 409].includes(status))).toEqual([]);
    expect(answers.at(-1)?.status).toBe(200);

    // Every date the seminar has now is cancelled, and each has its cancelled event.
    const detail = (await backOffice.get<Json>(`/v1/seminars/${seminarId}`)).body;
    expect(detail.status).toBe('cancelled');
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.id);
    expect(detail.offerings.map((o: Json) => o.id).sort()).toEqual([...drafts.map((d) => d.body.id), ...created].sort());
    expect(detail.offerings.map((o: Json) => o.status)).toEqual(detail.offerings.map(() => 'cancelled'));
    for (const offering of detail.offerings) await eventsOf(OfferingCancelled.type, offering.id);
  });

  it('answers 400 without a reason, 404 for an unknown seminar, 403 for partners and 401 without a key', async () => {
    const seminar = await backOffice.post<Json>('/v1/seminars', seminarBody());
    const cancel = `/v1/seminars/${seminar.body.id}/cancel`;
    const noReason = await backOffice.post<Json>(cancel, { reason: ' ' });
    expectProblem(noReason, 400, 'validation-failed');
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    expectProblem(await backOffice.post(`/v1/seminars/${randomUUID()}/cancel`, { reason: 'x' }), 404, 'seminar-not-found');
    expectProblem(await backOffice.post(`/v1/seminars/${randomUUID()}/publish`), 404, 'seminar-not-found');
    expectProblem(await partner.post(cancel, { reason: 'x' }), 403, 'forbidden');
    expectProblem(await partner.post(`/v1/seminars/${seminar.body.id}/publish`), 403, 'forbidden');
    expectProblem(await apiClient(system.gatewayUrl).post(cancel, { reason: 'x' }), 401, 'missing-api-key');
    expect((await partner.get<Json>(`/v1/seminars/${seminar.body.id}`)).body.status).toBe('published');
  });
});
