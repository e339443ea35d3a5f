import { randomUUID } from 'node:crypto';
import {
  type ApiClient,
  apiClient,
  eventually,
  type SmtpTestServer,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

type Json = Record<string, any>;

let smtp: SmtpTestServer;
let system: TestSystem;
let backOffice: ApiClient;
const partners: ApiClient[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  for (const municipalityId of ['oldenburg', 'hannover', 'ammerland']) {
    const key = await backOffice.post<Json>('/v1/api-keys', { name: municipalityId, role: 'partner', municipalityId });
    partners.push(apiClient(system.gatewayUrl, key.body.key));
  }
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

async function openOffering(capacity: number): Promise<string> {
  const seminar = await backOffice.post<Json>('/v1/seminars', {
    title: `Wahlvorstandsschulung ${randomUUID().slice(0, 6)}`,
    topic: 'Wahlen',
    feeCents: 9000,
  });
  const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
    capacity,
    startsAt: '2027-09-01T09:00:00+02:00',
    endsAt: '2027-09-01T15:00:00+02:00',
    venue: { name: 'Bildungszentrum', city: 'Hannover' },
    registrationDeadline: '2027-08-25',
  });
  const offeringId = offering.body.id as string;
  // Registration opens the offering when the catalogue event arrives: wait for that with a probe.
  const probe = await eventually(async () => {
    const r = await partners[0]!.post<Json>('/v1/registrations', {
      offeringId,
      participant: { firstName: 'Probe', lastName: 'P', email: `probe-${offeringId}@rush.example` },
    });
    if (r.status !== 201) throw new Error(`not open yet: ${r.status}`);
    return r.body;
  });
  expect((await partners[0]!.post(`/v1/registrations/${probe.id}/cancel`)).status).toBe(200);
  return offeringId;
}

it('gives 20 seats to exactly 20 of 300 concurrent registrations, waitlists the rest in order, and promotes exactly the next in line', async () => {
  const offeringId = await openOffering(20);
  const responses = await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      partners[i % partners.length]!.post<Json>('/v1/registrations', {
        offeringId,
        participant: { firstName: `P${i}`, lastName: 'Rush', email: `p${i}@rush.example` },
      }),
    ),
  );
  expect(responses.filter((r) => r.status >= 500)).toEqual([]);
  expect(responses.map((r) => r.status)).toEqual(Array(300).fill(201));
  const confirmed = responses.filter((r) => r.body.status === 'confirmed');
  const waitlisted = responses.filter((r) => r.body.status === 'waitlisted');
  expect(confirmed).toHaveLength(20);
  expect(waitlisted).toHaveLength(280);
  // Positions at the time of each answer form 1..280 with no gap: first come, first served.
  expect(waitlisted.map((r) => r.body.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 280 }, (_, i) => i + 1));
  const line = [...waitlisted].sort((a, b) => a.body.waitlistPosition - b.body.waitlistPosition).map((r) => r.body.id as string);

  // Ten random confirmed participants cancel: exactly the next ten in line are promoted.
  const cancelling = [...confirmed].sort(() => Math.random() - 0.5).slice(0, 10);
  for (const r of cancelling) {
    const owner = partners[responses.indexOf(r) % partners.length]!;
    expect((await owner.post(`/v1/registrations/${r.body.id}/cancel`)).status).toBe(200);
  }
  const statuses = await Promise.all(line.map((id) => backOffice.get<Json>(`/v1/registrations/${id}`)));
  expect(statuses.slice(0, 10).map((s) => s.body.status)).toEqual(Array(10).fill('confirmed'));
  expect(statuses.slice(10).every((s) => s.body.status === 'waitlisted')).toBe(true);
  expect(statuses.slice(10).map((s) => s.body.waitlistPosition)).toEqual(Array.from({ length: 270 }, (_, i) => i + 1));

  // Each promoted participant gets exactly one promotion e-mail.
  const promotedEmails = statuses.slice(0, 10).map((s) => s.body.participant.email as string);
  await smtp.waitForMessages((m) => promotedEmails.some((e) => m.to.includes(e)) && /Nachgerückt/.test(m.subject ?? ''), {
    count: 10,
    timeoutMs: 60_000,
  });
  await eventually(async () => {
    const seats = await partners[0]!.get<Json>(`/v1/offerings/${offeringId}`);
    expect(seats.body.seatsAvailable).toBe(0);
  });
  for (const email of promotedEmails) {
    expect(smtp.messages.filter((m) => m.to.includes(email) && /Nachgerückt/.test(m.subject ?? ''))).toHaveLength(1);
  }
}, 240_000);
