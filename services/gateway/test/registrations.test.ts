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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Json = Record<string, any>;

let smtp: SmtpTestServer;
let system: TestSystem;
let backOffice: ApiClient;
let oldenburg: ApiClient;
let hannover: ApiClient;

const person = (name: string) => ({ firstName: name, lastName: 'Gruppe', email: `${name}@group.example` });

async function partner(municipalityId: string) {
  const created = await backOffice.post<Json>('/v1/api-keys', { name: municipalityId, role: 'partner', municipalityId });
  return apiClient(system.gatewayUrl, created.body.key);
}

async function offeringWithSeats(capacity: number): Promise<string> {
  const seminar = await backOffice.post<Json>('/v1/seminars', {
    title: `Social Media ${randomUUID().slice(0, 6)}`,
    topic: 'Social Media',
    feeCents: 29000,
  });
  const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
    capacity,
    startsAt: '2027-03-09T09:00:00+01:00',
    endsAt: '2027-03-10T16:00:00+01:00',
    venue: { name: 'Tagungshaus', city: 'Lüneburg' },
    registrationDeadline: '2027-02-23',
  });
  const offeringId = offering.body.id as string;
  // Registration learns of the offering from the catalogue event: a dry run tells when.
  await eventually(async () => {
    const probe = await backOffice.post<Json>('/v1/registration-batches', {
      dryRun: true,
      registrations: [{ offeringId, participant: person('probe') }],
    });
    expect(probe.body.results[0].outcome).toBe('confirmed');
  });
  return offeringId;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  oldenburg = await partner('oldenburg');
  hannover = await partner('hannover');
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

describe('group booking', () => {
  it('answers per person in the given order: seats first, then the waiting list, refusals do not stop the others', async () => {
    const offeringId = await offeringWithSeats(3);
    const existing = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('xaver') });
    expect(existing.body.status).toBe('confirmed');
    const group = ['anna', 'bert', 'xaver', 'cora', 'dirk'].map((name) => ({ offeringId, participant: person(name) }));

    const dryRun = await oldenburg.post<Json>('/v1/registration-batches', { dryRun: true, registrations: group });
    expect(dryRun.status).toBe(200);
    const expected = [
      { index: 0, outcome: 'confirmed' },
      { index: 1, outcome: 'confirmed' },
      { index: 2, outcome: 'refused', refusal: { code: 'already-registered', existingRegistrationId: existing.body.id } },
      { index: 3, outcome: 'waitlisted', waitlistPosition: 1 },
      { index: 4, outcome: 'waitlisted', waitlistPosition: 2 },
    ];
    expect(dryRun.body).toMatchObject({ dryRun: true, results: expected, summary: { confirmed: 2, waitlisted: 2, refused: 1 } });
    const afterDryRun = await oldenburg.get<Json>(`/v1/registrations?offeringId=${offeringId}`);
    expect(afterDryRun.body.items).toHaveLength(1); // a dry run books nothing

    const key = randomUUID();
    const booked = await oldenburg.post<Json>('/v1/registration-batches', { registrations: group }, { 'idempotency-key': key });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ dryRun: false, results: expected });
    const replay = await oldenburg.post<Json>('/v1/registration-batches', { registrations: group }, { 'idempotency-key': key });
    expect(replay.body).toEqual(booked.body);
    const all = await oldenburg.get<Json>(`/v1/registrations?offeringId=${offeringId}&limit=50`);
    expect(all.body.items.map((r: Json) => r.participant.firstName).sort()).toEqual(['anna', 'bert', 'cora', 'dirk', 'xaver']);
    for (const result of booked.body.results.filter((r: Json) => r.registrationId)) {
      expect((await oldenburg.get<Json>(`/v1/registrations/${result.registrationId}`)).body.status).toBe(result.outcome);
    }
  });

  it('refuses more than 200 people in one batch, naming the field', async () => {
    const registrations = Array.from({ length: 201 }, (_, i) => ({ offeringId: randomUUID(), participant: person(`p${i}`) }));
    const response = await oldenburg.post<Json>('/v1/registration-batches', { registrations });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('registrations');
  });
});

describe('substitutes and cancellations', () => {
  it('lets the booking municipality hand a confirmed place to a substitute, and classifies its cancellation', async () => {
    const offeringId = await offeringWithSeats(2);
    const booked = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('karl') });
    const substituted = await oldenburg.post<Json>(`/v1/registrations/${booked.body.id}/substitute`, { participant: person('lena') });
    expect(substituted.status).toBe(200);
    expect(substituted.body).toMatchObject({ id: booked.body.id, status: 'confirmed', participant: { firstName: 'lena' } });

    const cancelled = await oldenburg.post<Json>(`/v1/registrations/${booked.body.id}/cancel`);
    // Far more than 14 days before the start: free under the demo terms.
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'participant', kind: 'free', feePercent: 0 } });
    const again = await oldenburg.post<Json>(`/v1/registrations/${booked.body.id}/substitute`, { participant: person('mia') });
    expect(again.status).toBe(422);
    expect(again.body.type).toMatch(/not-confirmed$/);
  });

  it('lets only the back office record attendance, and not before the date', async () => {
    const offeringId = await offeringWithSeats(2);
    const booked = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('nora') });
    expect((await oldenburg.post(`/v1/registrations/${booked.body.id}/attendance`, { attended: true })).status).toBe(403);
    const early = await backOffice.post<Json>(`/v1/registrations/${booked.body.id}/attendance`, { attended: true });
    expect(early.status).toBe(422);
    expect(early.body.type).toMatch(/attendance-too-early$/);
  });
});

describe('changes by the institute', () => {
  it('promotes the head of the waiting list when the back office adds seats, and cancels everyone free of charge when it cancels the date', async () => {
    const offeringId = await offeringWithSeats(1);
    const first = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('olga') });
    const second = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('paul') });
    const third = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('quinn') });
    expect([second.body.waitlistPosition, third.body.waitlistPosition]).toEqual([1, 2]);

    expect((await backOffice.post(`/v1/offerings/${offeringId}/capacity`, { capacity: 2 })).status).toBe(200);
    await eventually(async () => expect((await oldenburg.get<Json>(`/v1/registrations/${second.body.id}`)).body.status).toBe('confirmed'));
    expect((await oldenburg.get<Json>(`/v1/registrations/${third.body.id}`)).body).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });

    const moved = await backOffice.post(`/v1/offerings/${offeringId}/reschedule`, {
      startsAt: '2027-03-16T09:00:00+01:00',
      endsAt: '2027-03-17T16:00:00+01:00',
    });
    expect(moved.status).toBe(200);
    // Confirmed participants get the updated invitation, the waiting list a notice.
    const notices = await smtp.waitForMessages(
      (m) => /Terminänderung/.test(m.subject ?? '') && /(olga|paul|quinn)@group/.test(m.to.join()),
      {
        count: 3,
        timeoutMs: 30_000,
      },
    );
    expect(notices.filter((m) => m.attachments.some((a) => a.filename === 'einladung.ics'))).toHaveLength(2);

    expect((await backOffice.post(`/v1/offerings/${offeringId}/cancel`, { reason: 'Referentin erkrankt' })).status).toBe(200);
    await smtp.waitForMessages((m) => /^Absage:/.test(m.subject ?? '') && /(olga|paul|quinn)@group/.test(m.to.join()), {
      count: 3,
      timeoutMs: 30_000,
    });
    await eventually(async () => {
      const all = await oldenburg.get<Json>(`/v1/registrations?offeringId=${offeringId}`);
      expect(all.body.items.map((r: Json) => [r.status, r.cancellation?.reason, r.cancellation?.kind])).toEqual(
        Array(3).fill(['cancelled', 'institute', 'free']),
      );
    });
    const late = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('rita') });
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/offering-cancelled$/);
    expect(first.body.status).toBe('confirmed');
  });
});

describe("a partner's own registrations", () => {
  it('lists only its own, filters by offering, status and e-mail, and pages with a cursor', async () => {
    const offeringId = await offeringWithSeats(2);
    for (const name of ['emma', 'finn', 'gina']) await oldenburg.post('/v1/registrations', { offeringId, participant: person(name) });
    await hannover.post('/v1/registrations', { offeringId, participant: person('hugo') });

    const pages: Json[][] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await oldenburg.get<Json>(
        `/v1/registrations?offeringId=${offeringId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat().map((r) => r.participant.firstName)).toEqual(['emma', 'finn', 'gina']);

    const waitlisted = await oldenburg.get<Json>(`/v1/registrations?offeringId=${offeringId}&status=waitlisted`);
    expect(waitlisted.body.items.map((r: Json) => [r.participant.firstName, r.waitlistPosition])).toEqual([['gina', 1]]);
    const byEmail = await oldenburg.get<Json>(`/v1/registrations?email=FINN@group.example`);
    expect(byEmail.body.items.map((r: Json) => r.participant.firstName)).toEqual(['finn']);
    const theirs = await hannover.get<Json>(`/v1/registrations?offeringId=${offeringId}`);
    expect(theirs.body.items.map((r: Json) => r.participant.firstName)).toEqual(['hugo']);
  });

  it("never shows or changes another municipality's registration: every route answers 404", async () => {
    const offeringId = await offeringWithSeats(5);
    const mine = await oldenburg.post<Json>('/v1/registrations', { offeringId, participant: person('ida') });
    const id = mine.body.id as string;
    expect((await hannover.get(`/v1/registrations/${id}`)).status).toBe(404);
    expect((await hannover.post(`/v1/registrations/${id}/cancel`)).status).toBe(404);
    expect((await hannover.post(`/v1/registrations/${id}/substitute`, { participant: person('jan') })).status).toBe(404);
    expect((await hannover.get<Json>(`/v1/registrations?offeringId=${offeringId}`)).body.items).toEqual([]);
    expect((await hannover.get<Json>(`/v1/invoices?registrationId=${id}`)).body.items).toEqual([]);
    expect((await oldenburg.get<Json>(`/v1/registrations/${id}`)).body.status).toBe('confirmed');
  });
});
