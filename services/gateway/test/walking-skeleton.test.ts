import { randomUUID } from 'node:crypto';
import { type Principal, principalHeaders } from '@seminarwerk/http';
import {
  type ApiClient,
  apiClient,
  eventually,
  registerWhenOpen,
  type SmtpTestServer,
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
let otherPartner: ApiClient;

async function partnerKey(municipalityId: string): Promise<string> {
  const created = await backOffice.post<Json>('/v1/api-keys', { name: `${municipalityId} test`, role: 'partner', municipalityId });
  expect(created.status).toBe(201);
  return created.body.key;
}

async function scheduleOffering(capacity: number): Promise<{ seminarId: string; offeringId: string; title: string }> {
  const title = `Pressearbeit für Kommunen ${randomUUID().slice(0, 8)}`;
  const seminar = await backOffice.post<Json>('/v1/seminars', { title, topic: 'Presse- und Öffentlichkeitsarbeit', feeCents: 34000 });
  expect(seminar.status).toBe(201);
  const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
    capacity,
    startsAt: '2027-02-16T09:00:00+01:00',
    endsAt: '2027-02-17T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' },
    registrationDeadline: '2027-02-02',
  });
  expect(offering.status).toBe(201);
  return { seminarId: seminar.body.id, offeringId: offering.body.id, title };
}

/** The first registration may race the catalogue event that opens the offering: 409 offering-not-open says retry. */
async function register(client: ApiClient, offeringId: string, name: string, idempotencyKey = randomUUID()) {
  const body = { offeringId, participant: { firstName: name, lastName: 'Muster', email: `${name}@oldenburg.example` } };
  return registerWhenOpen<Json>(client, body, { idempotencyKey });
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  partner = apiClient(system.gatewayUrl, await partnerKey('oldenburg'));
  otherPartner = apiClient(system.gatewayUrl, await partnerKey('hannover'));
}, 180_000);

afterAll(async () => {
  if (system) {
    console.log(`[e2e] RSS per service after the end-to-end tests (MiB): ${JSON.stringify(system.rssMiB())}`);
    await system.stop();
  }
  await smtp?.close();
});

describe('a registration flows through the whole system', () => {
  it('confirms two of three on two seats, waitlists the third, and e-mails and invoices each confirmed one exactly once', async () => {
    const { offeringId, title } = await scheduleOffering(2);
    const anna = await register(partner, offeringId, 'anna');
    const ben = await register(partner, offeringId, 'ben');
    const cem = await register(partner, offeringId, 'cem');
    expect([anna.status, ben.status, cem.status]).toEqual([201, 201, 201]);
    expect(anna.body).toMatchObject({ offeringId, status: 'confirmed', municipalityId: 'oldenburg' });
    expect(ben.body).toMatchObject({ status: 'confirmed' });
    expect(cem.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    // Each confirmed participant: one confirmation with the title and an invite; cem: the waiting-list notice.
    await smtp.waitForMessages((m) => m.to.some((to) => /(anna|ben|cem)@oldenburg/.test(to)), { count: 3, timeoutMs: 30_000 });
    for (const name of ['anna', 'ben']) {
      const mails = smtp.messages.filter((m) => m.to.includes(`${name}@oldenburg.example`));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toContain(title);
      expect(mails[0]?.attachments.some((a) => a.filename?.endsWith('.ics') && a.content.toString().includes('BEGIN:VEVENT'))).toBe(true);
    }
    const cemMails = smtp.messages.filter((m) => m.to.includes('cem@oldenburg.example'));
    expect(cemMails.every((m) => !m.attachments.some((a) => a.filename?.endsWith('.ics')))).toBe(true);

    // Each confirmed registration on exactly one draft invoice line, the waiting list on none.
    const lines = await eventually(async () => {
      const list = await backOffice.get<Json>(`/v1/invoices?municipalityId=oldenburg&offeringId=${offeringId}`);
      const drafted = (list.body.items as Json[]).flatMap((i) => (i.lines as Json[]).map((line) => ({ invoice: i, line })));
      if (drafted.length < 2) throw new Error(`only ${drafted.length} invoice lines yet`);
      return drafted;
    });
    expect(lines.map(({ line }) => line.registrationId).sort()).toEqual([anna.body.id, ben.body.id].sort());
    for (const { invoice, line } of lines) {
      expect(invoice).toMatchObject({ status: 'draft', number: null, municipalityId: 'oldenburg' });
      expect(line).toMatchObject({ kind: 'fee', netCents: 34000, vat: 'exempt-4-22a' });
    }
    const forAnna = await backOffice.get<Json>(`/v1/invoices?registrationId=${anna.body.id}`);
    expect(forAnna.body.items).toHaveLength(1);

    // The catalogue learns the seats from registration events.
    await eventually(async () => expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.seatsAvailable).toBe(0));
  });

  it('answers a repeated POST with the same idempotency key with the same registration and creates nothing new', async () => {
    const { offeringId } = await scheduleOffering(5);
    const key = randomUUID();
    const first = await register(partner, offeringId, 'dora', key);
    const again = await register(partner, offeringId, 'dora', key);
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const otherBody = await partner.post<Json>(
      '/v1/registrations',
      { offeringId, participant: { firstName: 'Emil', lastName: 'M', email: 'emil@oldenburg.example' } },
      { 'idempotency-key': key },
    );
    expect(otherBody.status).toBe(422);

    await smtp.waitForMessages((m) => m.to.includes('dora@oldenburg.example'), { count: 1, timeoutMs: 30_000 });
    await eventually(async () => expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.seatsAvailable).toBe(4));
    const invoices = await eventually(async () => {
      const list = await backOffice.get<Json>(`/v1/invoices?registrationId=${first.body.id}`);
      expect(list.body.items).toHaveLength(1);
      return list.body.items;
    });
    expect(invoices[0].lines.map((line: Json) => line.registrationId)).toEqual([first.body.id]);
    expect(smtp.messages.filter((m) => m.to.includes('dora@oldenburg.example'))).toHaveLength(1);
  });

  it('lets a partner read and cancel only its own registrations; a cancellation promotes the waiting list', async () => {
    const { offeringId } = await scheduleOffering(1);
    const first = await register(partner, offeringId, 'fritz');
    const second = await register(partner, offeringId, 'greta');
    expect(second.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    expect((await otherPartner.get(`/v1/registrations/${first.body.id}`)).status).toBe(404);
    expect((await otherPartner.post(`/v1/registrations/${first.body.id}/cancel`)).status).toBe(404);
    expect((await partner.get<Json>(`/v1/registrations/${first.body.id}`)).body.status).toBe('confirmed');

    const cancelled = await partner.post<Json>(`/v1/registrations/${first.body.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await partner.get<Json>(`/v1/registrations/${second.body.id}`)).body).toMatchObject({ status: 'confirmed' });
    await eventually(async () => {
      const list = await backOffice.get<Json>(`/v1/invoices?registrationId=${second.body.id}`);
      expect(list.body.items).toHaveLength(1);
    });
  });
});

describe('online dates', () => {
  it('sends the meeting link to confirmed participants only and never shows it in the catalogue', async () => {
    const seminar = await backOffice.post<Json>('/v1/seminars', {
      title: `Social Media online ${randomUUID().slice(0, 6)}`,
      topic: 'Social Media',
      feeCents: 29000,
    });
    const link = `https://meet.example/${randomUUID()}`;
    const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
      capacity: 1,
      startsAt: '2027-01-26T09:00:00+01:00',
      endsAt: '2027-01-26T16:30:00+01:00',
      format: 'online',
      onlineLink: link,
      registrationDeadline: '2027-01-19',
    });
    expect(offering.status).toBe(201);
    const offeringId = offering.body.id as string;
    await register(partner, offeringId, 'olli');
    await register(partner, offeringId, 'wanda');
    const [confirmed] = await smtp.waitForMessages((m) => m.to.includes('olli@oldenburg.example'), { timeoutMs: 30_000 });
    const [waiting] = await smtp.waitForMessages((m) => m.to.includes('wanda@oldenburg.example'), { timeoutMs: 30_000 });
    expect(confirmed?.text).toContain(link);
    expect(waiting?.text).not.toContain(link);
    const publicViews = [
      await apiClient(system.gatewayUrl).get(`/v1/offerings/${offeringId}`),
      await apiClient(system.gatewayUrl).get(`/v1/seminars/${seminar.body.id}`),
      await apiClient(system.gatewayUrl).get('/v1/offerings?topic=Social%20Media&limit=100'),
    ];
    for (const view of publicViews) expect(JSON.stringify(view.body)).not.toContain(link);
  });
});

describe('errors', () => {
  const expectProblem = (response: { status: number; headers: Headers; body: Json }, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  };

  it('rejects a malformed registration with 400 naming the field', async () => {
    const response = await partner.post<Json>('/v1/registrations', {
      offeringId: randomUUID(),
      participant: { firstName: 'Anna', lastName: 'Meyer', email: 'not-an-email' },
    });
    expectProblem(response, 400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'participant.email' })]);
    expect(response.body.detail).toContain('participant.email');
  });

  it('answers invalid JSON, missing or unknown keys, foreign roles, unknown ids and routes with problem+json', async () => {
    const malformed = await partner.post<Json>('/v1/registrations', '{"offeringId":', {});
    expectProblem(malformed, 400);
    expect(malformed.body.type).toMatch(/malformed-json$/);
    expectProblem(await apiClient(system.gatewayUrl).post('/v1/registrations', {}), 401);
    expectProblem(await apiClient(system.gatewayUrl, 'sw_unknown').get('/v1/invoices'), 401);
    expectProblem(await partner.post('/v1/seminars', { title: 'x', topic: 'y', feeCents: 1 }), 403);
    const unknownId = randomUUID();
    const unknown = await partner.get<Json>(`/v1/registrations/${unknownId}?view=full`);
    expectProblem(unknown, 404);
    expect(unknown.body.instance).toBe(`/v1/registrations/${unknownId}?view=full`);
    expectProblem(await partner.get('/v1/registrations/not-a-uuid'), 400);
    expectProblem(await partner.get(`/v1/offerings/${randomUUID()}`), 404);
    expectProblem(await partner.get('/v1/nothing-here'), 404);
    expectProblem(await partner.post('/v1/registrations', { offeringId: randomUUID() }, { 'idempotency-key': '' }), 400);
  });

  it('asks to retry a registration for an offering registration does not know yet', async () => {
    const response = await partner.post<Json>('/v1/registrations', {
      offeringId: randomUUID(),
      participant: { firstName: 'Anna', lastName: 'Meyer', email: 'anna.meyer@oldenburg.example' },
    });
    expectProblem(response, 409);
    expect(response.body.type).toMatch(/offering-not-open$/);
    expect(response.headers.get('retry-after')).toBe('1');
    // The service refused, but names the path the client called, not its own (/registrations).
    expect(response.body.instance).toBe('/v1/registrations');
  });

  it('never keeps a new API key for idempotent replay: a retry learns it was created, not its value', async () => {
    const key = randomUUID();
    const body = { name: 'replay test', role: 'partner', municipalityId: 'ammerland' };
    const first = await backOffice.post<Json>('/v1/api-keys', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await backOffice.post<Json>('/v1/api-keys', body, { 'idempotency-key': key });
    expectProblem(again, 409);
    expect(JSON.stringify(again.body)).not.toContain(first.body.key);
  });

  it('keeps stack traces and personal data out of error responses', async () => {
    const response = await partner.post<Json>('/v1/registrations', {
      offeringId: 'x',
      participant: { firstName: 'Anna', lastName: 'Geheim', email: 'x' },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/Geheim|at .*\.ts:\d+/);
  });
});

describe('services accept a caller only as the gateway signs it', () => {
  const staff: Principal = { kind: 'back-office', actor: 'key:forger', keyId: 'forger' };
  /** A route of each service that needs a principal, called directly, past the gateway. */
  const direct = [
    ['catalogue', 'POST', '/seminars'],
    ['registration', 'GET', '/registrations'],
    ['invoicing', 'GET', '/invoices'],
    ['notification', 'GET', '/deliveries'],
  ] as const;

  it('refuses unsigned, wrongly signed and stale principals with 401 problem+json', async () => {
    for (const [service, method, path] of direct) {
      const signed = principalHeaders(staff, system.principalSigningSecret, { method, path });
      const attempts: Record<string, Record<string, string>> = {
        unsigned: { 'x-principal-kind': 'back-office', 'x-principal-actor': 'key:forger', 'x-principal-key': 'forger' },
        'signed with another secret': principalHeaders(staff, 'a-secret-nobody-configured-anywhere-at-all', { method, path }),
        'signed for another path': principalHeaders(staff, system.principalSigningSecret, { method, path: `${path}/other` }),
        stale: principalHeaders(staff, system.principalSigningSecret, { method, path }, Date.now() - 120_000),
        'changed after signing': { ...signed, 'x-principal-actor': 'key:someone-else' },
      };
      for (const [what, headers] of Object.entries(attempts)) {
        const response = await fetch(new URL(path, system.urls[service]), {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: method === 'POST' ? JSON.stringify({ title: 'Gefälscht', topic: 'Fälschung', feeCents: 0 }) : undefined,
        });
        expect(response.status, `${service} ${what}`).toBe(401);
        expect(response.headers.get('content-type'), `${service} ${what}`).toBe('application/problem+json');
      }
      // The same request, signed as the gateway signs it, is served.
      const served = await fetch(new URL(path, system.urls[service]), {
        method,
        headers: { ...signed, 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify({ title: 'Echt signiert', topic: 'Signatur', feeCents: 0 }) : undefined,
      });
      expect(served.status, service).toBeLessThan(300);
    }
  });
});
