import { randomUUID } from 'node:crypto';
import { type Principal, principalHeaders } from '@seminarwerk/http';
import { municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = municipalityPrincipal('oldenburg');

/** A POST as the gateway forwards it: the principal and the caller's Idempotency-Key, signed together. */
async function post(path: string, body: unknown, idempotencyKey: string, principal: Principal = oldenburg) {
  const signed = principalHeaders(principal, registration.principalSecret, { method: 'POST', path, idempotencyKey });
  const response = await fetch(new URL(path, registration.url), {
    method: 'POST',
    headers: { ...signed, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function storedEvents(offeringId: string): Promise<number> {
  const { rows } = await registration.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [
    `offering-${offeringId}`,
  ]);
  return rows[0]?.n ?? 0;
}

const keyOf = (principal: Principal) => `${principal.keyId}:${randomUUID()}`;

describe('a command repeated with the Idempotency-Key the gateway passed on (its answer was lost)', () => {
  it('answers the registration it booked, 201, and decides nothing again', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const key = keyOf(oldenburg);
    const request = { offeringId, participant: person('ida') };
    const first = await post('/registrations', request, key);
    expect(first).toMatchObject({ status: 201, body: { status: 'confirmed' } });
    const events = await storedEvents(offeringId);

    const again = await post('/registrations', request, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await storedEvents(offeringId)).toBe(events);

    // Without the key it is a second command, and refused as one.
    const anew = await registration.as(oldenburg).post<Json>('/registrations', request);
    expect(anew.body).toMatchObject({ type: expect.stringMatching(/already-registered$/), existingRegistrationId: first.body.id });
  });

  it('refuses the key with another request (422), as the gateway does', async () => {
    const offeringId = await openOffering(registration);
    const key = keyOf(oldenburg);
    expect((await post('/registrations', { offeringId, participant: person('jon') }, key)).status).toBe(201);
    const other = await post('/registrations', { offeringId, participant: person('kim') }, key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ type: expect.stringMatching(/idempotency-key-reused$/) });
  });

  it('answers a group booking with the places it booked, as they are now, and refusals as before', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const existing = await registration.as(oldenburg).post<Json>('/registrations', { offeringId, participant: person('xaver') });
    const request = { registrations: ['lea', 'xaver', 'max'].map((name) => ({ offeringId, participant: person(name) })) };
    const key = keyOf(oldenburg);
    const first = await post('/registration-batches', request, key);
    expect(first.status).toBe(201);
    expect(first.body.results).toMatchObject([
      { index: 0, outcome: 'waitlisted', waitlistPosition: 1 },
      { index: 1, outcome: 'refused', refusal: { code: 'already-registered', existingRegistrationId: existing.body.id } },
      { index: 2, outcome: 'waitlisted', waitlistPosition: 2 },
    ]);
    const events = await storedEvents(offeringId);

    const again = await post('/registration-batches', request, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await storedEvents(offeringId)).toBe(events);
  });

  it('answers a cancellation with the registration as it is, instead of already-cancelled', async () => {
    const offeringId = await openOffering(registration);
    const booked = await registration.as(oldenburg).post<Json>('/registrations', { offeringId, participant: person('nele') });
    const key = keyOf(oldenburg);
    const first = await post(`/registrations/${booked.body.id}/cancel`, {}, key);
    expect(first).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const events = await storedEvents(offeringId);

    const again = await post(`/registrations/${booked.body.id}/cancel`, {}, key);
    expect(again).toEqual(first);
    expect(await storedEvents(offeringId)).toBe(events);
  });
});
