import { randomUUID } from 'node:crypto';
import { type ApiClient, apiClient, registerWhenOpen, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Staff as actor: the back-office app's key (scope `staff:delegate`) names the signed-in staff member in
 * `X-Acting-Staff`, and the events its requests cause name that person. Through the real gateway, catalogue and
 * registration.
 */

type Json = Record<string, any>;

let system: TestSystem;
let backOffice: ApiClient;
let app: ApiClient;
let partner: ApiClient;

/** The client with `X-Acting-Staff` on every request. */
const actingAs = (client: ApiClient, username: string): ApiClient => {
  const acting = { 'x-acting-staff': username };
  return {
    ...client,
    get: (path, headers) => client.get(path, { ...acting, ...headers }),
    post: (path, body, headers) => client.post(path, body, { ...acting, ...headers }),
    put: (path, body, headers) => client.put(path, body, { ...acting, ...headers }),
    patch: (path, body, headers) => client.patch(path, body, { ...acting, ...headers }),
  };
};

async function createKey(body: Json): Promise<string> {
  const created = await backOffice.post<Json>('/v1/api-keys', body);
  expect(created.status).toBe(201);
  return created.body.key;
}

async function scheduleOffering(client: ApiClient): Promise<string> {
  const seminar = await client.post<Json>('/v1/seminars', {
    title: `Vergaberecht ${randomUUID().slice(0, 8)}`,
    topic: 'Recht',
    feeCents: 31000,
  });
  expect(seminar.status).toBe(201);
  const offering = await client.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
    capacity: 5,
    startsAt: '2027-04-13T09:00:00+02:00',
    endsAt: '2027-04-13T16:00:00+02:00',
    venue: { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' },
    registrationDeadline: '2027-03-30',
  });
  expect(offering.status).toBe(201);
  return offering.body.id;
}

beforeAll(async () => {
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', services: ['catalogue', 'registration', 'gateway'] });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  app = apiClient(system.gatewayUrl, await createKey({ name: 'Back-office app', role: 'back-office', scopes: ['staff:delegate'] }));
  partner = apiClient(system.gatewayUrl, await createKey({ name: 'Oldenburg', municipalityId: 'oldenburg' }));
}, 180_000);

afterAll(() => system?.stop());

describe('a back-office key that acts for staff', () => {
  it('records the staff member as the actor of the events a registration causes', async () => {
    const offeringId = await scheduleOffering(actingAs(app, 'anna.schmidt'));
    const body = {
      offeringId,
      municipalityId: 'oldenburg',
      participant: { firstName: 'Jana', lastName: 'Kruse', email: 'jana.kruse@oldenburg.example' },
    };
    const booked = await registerWhenOpen<Json>(actingAs(app, 'anna.schmidt'), body);
    expect(booked.status).toBe(201);

    const db = new pg.Client({ connectionString: await system.databaseUrl('registration') });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT type, metadata->>'actor' AS actor, data->'bookedBy' AS "bookedBy" FROM events
          WHERE stream_id = $1 AND type = 'RegistrationConfirmed'`,
        [`offering-${offeringId}`],
      );
      expect(rows).toEqual([
        { type: 'RegistrationConfirmed', actor: 'staff:anna.schmidt', bookedBy: { kind: 'back-office', actor: 'staff:anna.schmidt' } },
      ]);
    } finally {
      await db.end();
    }
  });

  it('must name the staff member on every write, and may read without', async () => {
    const anonymous = await app.post<Json>('/v1/seminars', { title: 'Ohne Namen', topic: 'Recht', feeCents: 1000 });
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toMatchObject({
      type: expect.stringMatching(/acting-staff-required$/),
      detail: expect.stringContaining('X-Acting-Staff'),
    });
    expect((await app.get('/v1/registrations?limit=1')).status).toBe(200);
  });

  it('refuses a header that is no user name, naming the header', async () => {
    for (const name of ['Anna Schmidt', '.anna', 'a'.repeat(65), 'anna@example.org']) {
      const refused = await actingAs(app, name).get<Json>('/v1/registrations?limit=1');
      expect(refused.status, name).toBe(400);
      expect(refused.body).toMatchObject({
        type: expect.stringMatching(/invalid-acting-staff$/),
        detail: expect.stringContaining('X-Acting-Staff'),
      });
    }
  });

  it('is the only kind of key that may send the header', async () => {
    for (const client of [backOffice, partner]) {
      const refused = await actingAs(client, 'anna.schmidt').get<Json>('/v1/registrations?limit=1');
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ type: expect.stringMatching(/acting-staff-not-allowed$/) });
    }
  });

  it('is given to back-office keys only', async () => {
    const refused = await backOffice.post<Json>('/v1/api-keys', { name: 'Celle', municipalityId: 'celle', scopes: ['staff:delegate'] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('staff:delegate');
  });
});
