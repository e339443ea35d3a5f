import { randomUUID } from 'node:crypto';
import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const backOffice = () => registration.as(backOfficePrincipal());
const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));

describe('what the back office reads of an offering', () => {
  it('shows the waiting list head first with positions, and summaries of seats and places', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const ids: string[] = [];
    for (const name of ['ada', 'bo', 'cy', 'dee']) {
      const booked = await backOffice().post<Json>('/registrations', {
        offeringId,
        participant: person(name),
        municipalityId: 'oldenburg',
      });
      expect(booked.status).toBe(201);
      ids.push(booked.body.id);
    }
    // bo leaves the waiting list: cy and dee move up.
    expect((await backOffice().post(`/registrations/${ids[1]}/cancel`)).status).toBe(200);

    const first = await backOffice().get<Json>(`/registrations?offeringId=${offeringId}&status=waitlisted&limit=1`);
    expect(first.body.items.map((r: Json) => [r.participant.firstName, r.waitlistPosition, r.municipalityId])).toEqual([
      ['cy', 1, 'oldenburg'],
    ]);
    const rest = await backOffice().get<Json>(`/registrations?offeringId=${offeringId}&status=waitlisted&cursor=${first.body.nextCursor}`);
    expect(rest.body).toEqual({ items: [expect.objectContaining({ id: ids[3], waitlistPosition: 2 })], nextCursor: null });
    const partnerView = await oldenburg().get<Json>(`/registrations?offeringId=${offeringId}&status=waitlisted`);
    expect(partnerView.body.items.map((r: Json) => r.waitlistPosition)).toEqual([1, 2]);

    const unknown = randomUUID();
    const summaries = await backOffice().get<Json>(`/registration-summaries?offeringId=${unknown},${offeringId}`);
    expect(summaries.status).toBe(200);
    expect(summaries.body).toEqual({ items: [{ offeringId, capacity: 1, confirmed: 1, waitlisted: 2, attended: 0 }] });
  });

  it('refuses summaries to partners and a list that is not of offering ids', async () => {
    expect((await oldenburg().get(`/registration-summaries?offeringId=${randomUUID()}`)).status).toBe(403);
    const refused = await backOffice().get<Json>('/registration-summaries?offeringId=nope');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'offeringId' })]);
    const tooMany = Array.from({ length: 101 }, () => randomUUID()).join(',');
    expect((await backOffice().get(`/registration-summaries?offeringId=${tooMany}`)).status).toBe(400);
  });
});
