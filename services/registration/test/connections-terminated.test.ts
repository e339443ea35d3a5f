/**
 * The chaos suite's pg_terminate_backend made registration exit (code 1, `Connection terminated unexpectedly`).
 * Every connection of the service's database is ended under it; it must carry on, with nothing unhandled.
 */
import { municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
const unhandled: unknown[] = [];
const record = (error: unknown) => unhandled.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(async () => {
  await registration?.stop();
  process.off('unhandledRejection', record);
  process.off('uncaughtException', record);
});

const oldenburg = municipalityPrincipal('oldenburg');

it('registers again after every connection to its database was terminated, with nothing unhandled', async () => {
  const offeringId = await openOffering(registration, { capacity: 10 });
  const first = await registration.as(oldenburg).post<Json>('/registrations', { offeringId, participant: person('ana') });
  expect(first.status).toBe(201);

  const { rows } = await registration.db.query<{ ended: number }>(
    `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS ended
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  expect(rows[0]?.ended).toBeGreaterThan(0);

  // A request may meet a dead pooled connection once (500); the client retries, as the gateway's clients do.
  let second: { status: number; body: Json } | undefined;
  for (let attempt = 1; attempt <= 5 && second?.status !== 201; attempt++) {
    second = await registration.as(oldenburg).post<Json>('/registrations', { offeringId, participant: person('ben') });
  }
  expect(second?.status).toBe(201);
  const ready = await fetch(`${registration.url}/health/ready`);
  expect(ready.status).toBe(200);
  expect(unhandled).toEqual([]);
});
