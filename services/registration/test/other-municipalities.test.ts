import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

// A person another municipality booked: the refusal says that this e-mail address holds a place on the offering, and
// names that registration only to its own municipality and the back office. Everyone else learns nothing more of it.

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));
const hannover = () => registration.as(municipalityPrincipal('hannover'));
const backOffice = () => registration.as(backOfficePrincipal());

/** What a foreign municipality gets: a 409 with the problem's own members and nothing of the other booking. */
function expectRefusedWithoutTheirs(response: { status: number; body: Json }, detail: string) {
  expect(response.status).toBe(409);
  expect(Object.keys(response.body).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
  expect(response.body).toMatchObject({ type: 'https://seminarwerk.example/problems/already-registered', detail });
}

/** An offering on which Oldenburg booked Anna. */
async function annaBookedByOldenburg(): Promise<{ offeringId: string; anna: string }> {
  const offeringId = await openOffering(registration, { capacity: 5 });
  const booked = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('anna') });
  expect(booked.status).toBe(201);
  return { offeringId, anna: booked.body.id };
}

describe('registering a person another municipality booked', () => {
  it('answers 409 without their registration; their own municipality and the back office get its id', async () => {
    const { offeringId, anna } = await annaBookedByOldenburg();
    const again = { offeringId, participant: { ...person('anna'), email: 'Anna@Registration.example' } };

    expectRefusedWithoutTheirs(await hannover().post<Json>('/registrations', again), 'This person already holds a place on this offering');

    expect((await oldenburg().post<Json>('/registrations', again)).body).toMatchObject({ existingRegistrationId: anna });
    expect((await backOffice().post<Json>('/registrations', { ...again, municipalityId: 'hannover' })).body).toMatchObject({
      existingRegistrationId: anna,
    });
  });

  it('names a place the back office booked for no municipality to the back office only', async () => {
    const offeringId = await openOffering(registration);
    const booked = await backOffice().post<Json>('/registrations', { offeringId, participant: person('bodo') });
    expect(booked.body.municipalityId).toBeNull();

    const partner = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('bodo') });
    expectRefusedWithoutTheirs(partner, 'This person already holds a place on this offering');
    expect((await backOffice().post<Json>('/registrations', { offeringId, participant: person('bodo') })).body).toMatchObject({
      existingRegistrationId: booked.body.id,
    });
  });
});

describe('a group booking with a person another municipality booked', () => {
  it.each([true, false])('refuses that person without their registration (dry run: %s)', async (dryRun) => {
    const { offeringId, anna } = await annaBookedByOldenburg();
    const registrations = [
      { offeringId, participant: person('carl') },
      { offeringId, participant: person('anna') },
    ];
    const refusal = { code: 'already-registered', detail: 'This person already holds a place on this offering' };

    const foreign = await hannover().post<Json>('/registration-batches', { dryRun, registrations });
    expect(foreign.status).toBe(dryRun ? 200 : 201);
    expect(foreign.body.results[1]).toEqual({ index: 1, offeringId, email: person('anna').email, outcome: 'refused', refusal });

    const staff = await backOffice().post<Json>('/registration-batches', { dryRun: true, registrations });
    expect(staff.body.results[1].refusal).toEqual({ ...refusal, existingRegistrationId: anna });
    const own = await oldenburg().post<Json>('/registration-batches', { dryRun: true, registrations: [registrations[1]] });
    expect(own.body.results[0].refusal).toEqual({ ...refusal, existingRegistrationId: anna });
  });
});

describe('a substitute another municipality booked on the same offering', () => {
  it('is refused without their registration; the back office learns it', async () => {
    const { offeringId, anna } = await annaBookedByOldenburg();
    const dora = await hannover().post<Json>('/registrations', { offeringId, participant: person('dora') });
    const substitute = { participant: person('anna') };

    const foreign = await hannover().post<Json>(`/registrations/${dora.body.id}/substitute`, substitute);
    expectRefusedWithoutTheirs(foreign, 'The substitute already holds a place on this offering');

    const staff = await backOffice().post<Json>(`/registrations/${dora.body.id}/substitute`, substitute);
    expect(staff.body).toMatchObject({ type: expect.stringMatching(/already-registered$/), existingRegistrationId: anna });
    const emil = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('emil') });
    const own = await oldenburg().post<Json>(`/registrations/${emil.body.id}/substitute`, substitute);
    expect(own.body).toMatchObject({ existingRegistrationId: anna });
  });
});
