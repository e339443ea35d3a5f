import { randomUUID } from 'node:crypto';
import {
  type ApiClient,
  apiClient,
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

let smtp: SmtpTestServer;
let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const key = await backOffice.post<Json>('/v1/api-keys', { name: 'Oldenburg HR', role: 'partner', municipalityId: 'oldenburg' });
  partner = apiClient(system.gatewayUrl, key.body.key);
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

const scheduleOffering = () =>
  scheduleSeminarDate(backOffice, {
    title: 'Datenschutz im Amt',
    topic: 'Recht',
    feeCents: 19000,
    capacity: 10,
    startsAt: '2027-03-09T09:00:00+01:00',
    endsAt: '2027-03-09T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
    registrationDeadline: '2027-03-01',
  });

const person = (firstName: string) => {
  const lastName = `${firstName}son${randomUUID().slice(0, 6)}`;
  return { firstName, lastName, email: `${lastName.toLowerCase()}@oldenburg.example` };
};

async function register(offeringId: string, participant: ReturnType<typeof person>): Promise<string> {
  const registration = await registerWhenOpen<Json>(partner, { offeringId, participant });
  expect(registration.body).toMatchObject({ status: 'confirmed' });
  return registration.body.id;
}

/** The confirmation mail of a registration, sent, and its invoice position, recorded. */
async function settled(registrationId: string) {
  await eventually(async () => {
    const deliveries = await backOffice.get<Json>(`/v1/notifications/deliveries?registrationId=${registrationId}`);
    expect(deliveries.body.items).toEqual([expect.objectContaining({ status: 'sent' })]);
    const invoices = await backOffice.get<Json>(`/v1/invoices?registrationId=${registrationId}`);
    expect(invoices.body.items).toHaveLength(1);
  });
}

describe('access requests (DSGVO Art. 15)', () => {
  it('exports everything about a person, registrations, e-mails and invoice positions, and nothing of anyone else', async () => {
    const [first, second] = [await scheduleOffering(), await scheduleOffering()];
    const anna = person('Anna');
    const berta = person('Berta');
    const annaIds = [await register(first, anna), await register(second, anna)];
    const bertaId = await register(first, berta);
    for (const id of [...annaIds, bertaId]) await settled(id);

    // Asked in another case than registered: an e-mail address matches in any case.
    const accepted = await backOffice.post<Json>('/v1/privacy/access-requests', { email: anna.email.toUpperCase() });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: expect.stringMatching(/^(pending|completed)$/) });
    const done = await eventually(async () => {
      const request = await backOffice.get<Json>(`/v1/privacy/access-requests/${accepted.body.id}`);
      expect(request.body.status).toBe('completed');
      return request.body;
    });
    expect(done).toMatchObject({ services: { registration: 'completed', notification: 'completed', invoicing: 'completed' } });
    expect(done.completedAt).toEqual(expect.any(String));

    const download = await backOffice.get<Json>(`/v1/privacy/access-requests/${accepted.body.id}/export`);
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const exported = download.body;
    const { registration, notification, invoicing, catalogue } = exported.services;
    expect((registration.registrations as Json[]).map((r) => r.id).sort()).toEqual([...annaIds].sort());
    expect(new Set((registration.events as Json[]).map((e) => e.data.registrationId))).toEqual(new Set(annaIds));
    expect((notification.deliveries as Json[]).map((d) => [d.registrationId, d.template, d.status]).sort()).toEqual(
      annaIds.map((id) => [id, 'registration-confirmed', 'sent']).sort(),
    );
    expect((notification.deliveries as Json[]).every((d) => d.payload.text.includes(anna.firstName))).toBe(true);
    expect((invoicing.positions as Json[]).map((p) => [p.registrationId, p.participant]).sort()).toEqual(
      annaIds.map((id) => [id, `${anna.firstName} ${anna.lastName}`]).sort(),
    );
    expect(catalogue.note).toEqual(expect.any(String));
    expect(exported.coverPage.language).toBe('de');
    for (const heading of [
      'Zwecke',
      'Empfänger',
      'Speicherdauer',
      'Berichtigung',
      'Landesbeauftragten für den Datenschutz Niedersachsen',
    ]) {
      expect(exported.coverPage.text).toContain(heading);
    }

    const text = JSON.stringify(exported).toLowerCase();
    for (const other of [berta.email, berta.lastName, bertaId]) expect(text).not.toContain(other.toLowerCase());
  });

  it('is for the back office only, and answers 404 for an unknown request', async () => {
    const refused = await partner.post<Json>('/v1/privacy/access-requests', { email: 'anna@oldenburg.example' });
    expect(refused.status).toBe(403);
    expect((await partner.get<Json>(`/v1/privacy/access-requests/${randomUUID()}`)).status).toBe(403);
    const unknown = await backOffice.get<Json>(`/v1/privacy/access-requests/${randomUUID()}/export`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toMatch(/\/access-request-not-found$/);
  });
});
