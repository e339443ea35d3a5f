import { randomUUID } from 'node:crypto';
import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));
const hannover = () => registration.as(municipalityPrincipal('hannover'));
const backOffice = () => registration.as(backOfficePrincipal());

describe('registering', () => {
  it('confirms while seats are free, then waitlists with the position, and refuses the same person twice naming the place', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const first = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('ada') });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ offeringId, status: 'confirmed', municipalityId: 'oldenburg', participant: person('ada') });
    const second = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('bo') });
    expect(second.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

    const twice = await oldenburg().post<Json>('/registrations', {
      offeringId,
      participant: { ...person('ada'), email: 'ADA@registration.example' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ type: expect.stringMatching(/already-registered$/), existingRegistrationId: first.body.id });
  });

  it('asks to retry a registration for an offering it does not know yet', async () => {
    const response = await oldenburg().post<Json>('/registrations', { offeringId: randomUUID(), participant: person('cleo') });
    expect(response.status).toBe(409);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.body).toMatchObject({ type: expect.stringMatching(/offering-not-open$/), retryAfterSeconds: 1 });
  });

  it('bills the municipality the back office names', async () => {
    const offeringId = await openOffering(registration);
    const booked = await backOffice().post<Json>('/registrations', {
      offeringId,
      participant: person('dana'),
      municipalityId: 'ammerland',
    });
    expect(booked.body).toMatchObject({ status: 'confirmed', municipalityId: 'ammerland' });
    expect((await registration.as(municipalityPrincipal('ammerland')).get<Json>(`/registrations/${booked.body.id}`)).status).toBe(200);
  });
});

describe('substitutes, cancellations and attendance', () => {
  it('lets the booking municipality hand a confirmed place to a substitute, and classifies its cancellation', async () => {
    const offeringId = await openOffering(registration);
    const booked = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('karl') });
    const substituted = await oldenburg().post<Json>(`/registrations/${booked.body.id}/substitute`, { participant: person('lena') });
    expect(substituted.status).toBe(200);
    expect(substituted.body).toMatchObject({ id: booked.body.id, status: 'confirmed', participant: { firstName: 'lena' } });

    const cancelled = await oldenburg().post<Json>(`/registrations/${booked.body.id}/cancel`);
    // Months before the start: free under the terms (free until 14 days before).
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'participant', kind: 'free', feePercent: 0 } });
    const again = await oldenburg().post<Json>(`/registrations/${booked.body.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/already-cancelled$/);
    const late = await oldenburg().post<Json>(`/registrations/${booked.body.id}/substitute`, { participant: person('mia') });
    expect(late.status).toBe(422);
    expect(late.body.type).toMatch(/not-confirmed$/);
  });

  it('promotes the head of the waiting list when a confirmed participant cancels', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const first = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('olaf') });
    const second = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('pia') });
    const third = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('quirin') });
    await oldenburg().post(`/registrations/${first.body.id}/cancel`);
    expect((await oldenburg().get<Json>(`/registrations/${second.body.id}`)).body).toMatchObject({ status: 'confirmed' });
    expect((await oldenburg().get<Json>(`/registrations/${third.body.id}`)).body).toMatchObject({
      status: 'waitlisted',
      waitlistPosition: 1,
    });
  });

  it('lets only the back office record attendance, and not before the date', async () => {
    const offeringId = await openOffering(registration);
    const booked = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('nora') });
    expect((await oldenburg().post(`/registrations/${booked.body.id}/attendance`, { attended: true })).status).toBe(403);
    const early = await backOffice().post<Json>(`/registrations/${booked.body.id}/attendance`, { attended: true });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ type: expect.stringMatching(/attendance-too-early$/), existingRegistrationId: booked.body.id });
  });
});

describe("a partner's own registrations", () => {
  it('lists only its own, filters by offering, status and e-mail, and pages with a cursor', async () => {
    const offeringId = await openOffering(registration, { capacity: 2 });
    const domain = `${randomUUID().slice(0, 8)}.example`;
    for (const name of ['emma', 'finn', 'gina'])
      await oldenburg().post('/registrations', { offeringId, participant: person(name, domain) });
    await hannover().post('/registrations', { offeringId, participant: person('hugo', domain) });

    const pages: Json[][] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await oldenburg().get<Json>(
        `/registrations?offeringId=${offeringId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat().map((r) => r.participant.firstName)).toEqual(['emma', 'finn', 'gina']);

    const waitlisted = await oldenburg().get<Json>(`/registrations?offeringId=${offeringId}&status=waitlisted`);
    expect(waitlisted.body.items.map((r: Json) => [r.participant.firstName, r.waitlistPosition])).toEqual([['gina', 1]]);
    const byEmail = await oldenburg().get<Json>(`/registrations?email=FINN@${domain}`);
    expect(byEmail.body.items.map((r: Json) => r.participant.firstName)).toEqual(['finn']);
    const theirs = await hannover().get<Json>(`/registrations?offeringId=${offeringId}`);
    expect(theirs.body.items.map((r: Json) => r.participant.firstName)).toEqual(['hugo']);
    const everyone = await backOffice().get<Json>(`/registrations?offeringId=${offeringId}&municipalityId=hannover`);
    expect(everyone.body.items.map((r: Json) => r.participant.firstName)).toEqual(['hugo']);
  });

  it('answers a cursor it did not hand out with 400 naming the cursor', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('2026-01-01T00:00:00Z|x').toString('base64url')]) {
      const response = await oldenburg().get<Json>(`/registrations?cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ type: expect.stringMatching(/validation-failed$/), errors: [{ field: 'cursor' }] });
    }
  });

  it("never shows or changes another municipality's registration: every route answers 404", async () => {
    const offeringId = await openOffering(registration, { capacity: 5 });
    const mine = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('ida') });
    const id = mine.body.id as string;
    for (const response of [
      await hannover().get<Json>(`/registrations/${id}`),
      await hannover().post<Json>(`/registrations/${id}/cancel`),
      await hannover().post<Json>(`/registrations/${id}/substitute`, { participant: person('jan') }),
      await oldenburg().get<Json>(`/registrations/${randomUUID()}`),
      await oldenburg().get<Json>('/registrations/not-a-uuid'),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.type).toMatch(/registration-not-found$/);
    }
    expect((await hannover().get<Json>(`/registrations?offeringId=${offeringId}`)).body.items).toEqual([]);
    expect((await oldenburg().get<Json>(`/registrations/${id}`)).body).toMatchObject({ status: 'confirmed', participant: person('ida') });
  });
});
