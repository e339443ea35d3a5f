import { randomUUID } from 'node:crypto';
import {
  type ApiClient,
  type ApiResponse,
  apiClient,
  eventually,
  scheduleSeminarDate,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Json = Record<string, any>;

/** Few enough that a burst of requests overflows an offering's line (decisions.md 106). */
const QUEUE_MAX = 5;

let system: TestSystem;
let backOffice: ApiClient;
const partners: ApiClient[] = [];

beforeAll(async () => {
  system = await startTestSystem({
    smtpUrl: 'smtp://127.0.0.1:9',
    services: ['catalogue', 'registration', 'gateway'],
    env: { OFFERING_QUEUE_MAX: String(QUEUE_MAX) },
  });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  for (const municipalityId of ['oldenburg', 'hannover', 'ammerland']) {
    const key = await backOffice.post<Json>('/v1/api-keys', { name: municipalityId, role: 'partner', municipalityId });
    partners.push(apiClient(system.gatewayUrl, key.body.key));
  }
}, 180_000);

afterAll(() => system?.stop());

/** A published date registration knows (its summary appears once the catalogue event arrived). */
async function openOffering(capacity: number): Promise<string> {
  const offeringId = await scheduleSeminarDate(backOffice, {
    title: 'Wahlhelferschulung',
    topic: 'Wahlen',
    feeCents: 9000,
    capacity,
    startsAt: '2027-09-01T09:00:00+02:00',
    endsAt: '2027-09-01T15:00:00+02:00',
    venue: { name: 'Rathaus', city: 'Oldenburg' },
    registrationDeadline: '2027-08-25',
  });
  await eventually(async () => {
    const summaries = await backOffice.get<Json>(`/v1/registration-summaries?offeringId=${offeringId}`);
    expect(summaries.body.items).toHaveLength(1);
  });
  return offeringId;
}

const participant = (name: string) => ({ firstName: name, lastName: 'Andrang', email: `${name}@back-pressure.example` });

/** A 503 that says the offering is busy, as problem+json, with when to come back in the header and the body. */
function expectOfferingBusy(response: ApiResponse<Json>) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toMatchObject({ type: expect.stringMatching(/\/offering-busy$/), status: 503, detail: expect.any(String) });
  const seconds = response.body.retryAfterSeconds;
  expect(response.headers.get('retry-after')).toBe(String(seconds));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(30);
  expect(response.headers.get('idempotent-replayed')).toBeNull();
}

/** Every registration of the offering as stored now (back office, one page is enough here). */
async function stored(offeringId: string): Promise<Json[]> {
  const page = await backOffice.get<Json>(`/v1/registrations?offeringId=${offeringId}&limit=200`);
  expect(page.body.nextCursor).toBeNull();
  return page.body.items;
}

/** A POST as a client sends it, with its own key, and the people it books. */
interface Sent {
  client: ApiClient;
  path: string;
  key: string;
  body: unknown;
  emails: string[];
}
const send = (request: Sent) => request.client.post<Json>(request.path, request.body, { 'idempotency-key': request.key });

/**
 * Sends every request at once, then each one refused as busy again, one after another with the same key and body.
 * Checks on the way that every answer was a decision or "busy" (never the gateway's "the service did not answer in
 * time"), that some were busy, that nothing was decided for those, and that each retry was decided then.
 * Returns the answers that decided.
 */
async function overload(offeringId: string, requests: Sent[]): Promise<{ decided: ApiResponse<Json>[]; busy: Sent[] }> {
  const answers = await Promise.all(requests.map(send));
  expect(answers.map((a) => a.status).filter((status) => status !== 201 && status !== 503)).toEqual([]);
  const busy = requests.filter((_, i) => answers[i]?.status === 503);
  expect(busy.length).toBeGreaterThan(0);
  for (const answer of answers.filter((a) => a.status === 503)) expectOfferingBusy(answer);

  const refused = new Set(busy.flatMap((r) => r.emails));
  const booked = await stored(offeringId);
  expect(booked.filter((r) => refused.has(r.participant.email))).toEqual([]);
  expect(booked).toHaveLength(requests.flatMap((r) => r.emails).length - refused.size);

  // The same request with the same Idempotency-Key, later: decided now, not a stored answer replayed.
  const retried: ApiResponse<Json>[] = [];
  for (const request of busy) retried.push(await send(request));
  for (const answer of retried) {
    expect(answer.status).toBe(201);
    expect(answer.headers.get('idempotent-replayed')).toBeNull();
  }
  return { decided: [...answers.filter((a) => a.status === 201), ...retried], busy };
}

/**
 * The offering holds exactly these people, each once; `capacity` of them confirmed and the rest waitlisted at positions
 * 1..n without a gap; and every answer told the place its registration still has.
 */
async function expectFairOutcome(
  offeringId: string,
  capacity: number,
  requests: Sent[],
  answered: { registrationId: string; status: string; waitlistPosition?: number }[],
) {
  const emails = requests.flatMap((r) => r.emails);
  const rows = await stored(offeringId);
  expect(rows.map((r) => r.participant.email).sort()).toEqual(emails.sort());
  expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(capacity);
  const positions = rows.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition as number);
  expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: emails.length - capacity }, (_, i) => i + 1));
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  for (const { registrationId, ...answer } of answered) {
    const row = byId.get(registrationId);
    expect({ status: row?.status, waitlistPosition: row?.waitlistPosition }).toEqual(answer);
  }
}

describe('an offering under more load than its line holds', () => {
  it('answers the overflow at once with 503 offering-busy and Retry-After, decides nothing for it, and decides each retry with the same key', async () => {
    const capacity = 10;
    const offeringId = await openOffering(capacity);
    const requests = Array.from({ length: 120 }, (_, i) => ({
      client: partners[i % partners.length]!,
      path: '/v1/registrations',
      key: randomUUID(),
      body: { offeringId, participant: participant(`p${i}`) },
      emails: [participant(`p${i}`).email],
    }));

    const { decided, busy } = await overload(offeringId, requests);

    const answered = decided.map((a) => ({ registrationId: a.body.id, status: a.body.status, waitlistPosition: a.body.waitlistPosition }));
    await expectFairOutcome(offeringId, capacity, requests, answered);
    // Once decided, the key answers what it decided.
    const replay = await send(busy[0]!);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  }, 120_000);

  it('bounds group bookings the same way: a batch that does not fit is refused whole, and its retry books it', async () => {
    const capacity = 10;
    const offeringId = await openOffering(capacity);
    const batches = Array.from({ length: 30 }, (_, b) => {
      const people = [0, 1, 2].map((p) => participant(`g${b}-${p}`));
      return {
        client: partners[b % partners.length]!,
        path: '/v1/registration-batches',
        key: randomUUID(),
        body: { registrations: people.map((person) => ({ offeringId, participant: person })) },
        emails: people.map((person) => person.email),
      };
    });

    const { decided } = await overload(offeringId, batches);

    expect(decided.map((a) => a.body.summary.refused)).toEqual(decided.map(() => 0));
    const answered = decided.flatMap((a) =>
      (a.body.results as Json[]).map((r) => ({
        registrationId: r.registrationId,
        status: r.outcome,
        waitlistPosition: r.waitlistPosition,
      })),
    );
    await expectFairOutcome(offeringId, capacity, batches, answered);
    // Each group's people follow each other in the given order: nobody slipped in between them.
    for (const answer of decided) {
      const waiting = (answer.body.results as Json[]).filter((r) => r.outcome === 'waitlisted').map((r) => r.waitlistPosition as number);
      expect(waiting).toEqual(waiting.map((_, i) => (waiting[0] ?? 0) + i));
    }
  }, 120_000);
});
