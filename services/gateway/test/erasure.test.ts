import { randomUUID } from 'node:crypto';
import { type ApiClient, collectEvents, type EventCollector, eventually, type TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  erase,
  everyRow,
  type Json,
  naming,
  person,
  register,
  repoRoot,
  rowsOf,
  run,
  scheduleDate,
  settled,
  startWholeSystem,
  tracesOf,
  type WholeSystem,
} from './erasure-support.ts';

/**
 * Issue 14's proof of an erasure (DSGVO Art. 17) with the whole system: the person is gone from every table of every
 * service, except the issued invoice that names them (kept by law); everyone else is untouched; their registrations
 * still count; the read model still rebuilds; and later events about their registrations name nobody.
 */

let whole: WholeSystem;
let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;
let events: EventCollector;

beforeAll(async () => {
  whole = await startWholeSystem();
  ({ system, backOffice, partner } = whole);
  // Invoices to Oldenburg can be issued (a Leitweg-ID, per registration).
  const customer = await backOffice.put<Json>('/v1/customers/oldenburg', {
    name: 'Stadt Oldenburg (Oldb)',
    invoiceEmail: 'rechnungseingang@oldenburg.example',
    leitwegId: '03403000-57',
    billingAddress: { department: 'Fachdienst Personal', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)' },
    billing: 'per-registration',
    paymentTermsDays: 30,
    supplierNumber: 'K-100423',
  });
  expect(customer.status).toBe(200);
  events = await collectEvents([`${system.kafkaNamespace}registration.events.v1`]);
}, 240_000);

afterAll(async () => {
  await events?.stop();
  await whole?.stop();
});

const summaries = async (...offeringIds: string[]) =>
  (await backOffice.get<Json>(`/v1/registration-summaries?offeringId=${offeringIds.join(',')}`)).body.items;

describe('an erasure (DSGVO Art. 17) through the whole system', () => {
  it('takes the person out of every service, keeps the issued invoice, and leaves everyone and every count else as it was', async () => {
    const [seminar, full] = [await scheduleDate(backOffice, 5), await scheduleDate(backOffice, 1)];
    const [anna, berta, carla, dora] = [person('Anna'), person('Berta'), person('Carla'), person('Dora')] as const;
    // Anna confirmed on one date (mail sent, invoice issued), waitlisted on another between Carla and Dora; Berta beside her.
    const annaConfirmed = await register(partner, seminar, anna);
    const bertaConfirmed = await register(partner, seminar, berta);
    await register(partner, full, carla);
    const annaWaiting = await register(partner, full, anna, 'waitlisted');
    const doraWaiting = await register(partner, full, dora, 'waitlisted');
    expect([annaWaiting.waitlistPosition, doraWaiting.waitlistPosition]).toEqual([1, 2]);
    const draft = await settled(backOffice, annaConfirmed.id);
    await settled(backOffice, bertaConfirmed.id);
    const issued = await backOffice.post<Json>(`/v1/invoices/${draft.id}/issue`);
    expect(issued.body).toMatchObject({ status: 'issued' });
    const counts = await summaries(seminar, full);
    expect(naming(await everyRow(system), anna).length).toBeGreaterThan(0);

    const done = await erase(backOffice, { email: anna.email.toUpperCase() });
    expect(done).toMatchObject({
      services: {
        registration: 'completed',
        notification: 'completed',
        invoicing: 'completed',
        catalogue: 'completed',
        gateway: 'completed',
      },
      registrations: 2,
    });

    // Nowhere but on the issued invoice, which keeps the name by law (decision 129): its row, its events, the outbox rows
    // that carried them, and the position invoiced on it.
    const rows = await everyRow(system);
    const onTheInvoice = (row: { service: string; table: string; text: string }) =>
      row.service === 'invoicing' &&
      ['public.invoices', 'public.events', 'public.outbox', 'public.positions'].includes(row.table) &&
      row.text.includes(draft.id);
    expect(
      naming(
        rows.filter((row) => !onTheInvoice(row)),
        anna,
      ),
    ).toEqual([]);
    expect(naming(rows.filter(onTheInvoice), anna).length).toBeGreaterThan(0);
    for (const other of [berta, carla, dora]) {
      for (const service of ['registration', 'notification'] as const) {
        expect(naming(await rowsOf(system, service), other).length).toBeGreaterThan(0);
      }
    }
    expect(naming(await rowsOf(system, 'invoicing'), berta).length).toBeGreaterThan(0);

    // Her places still count: seats, the waiting list and its order are as they were.
    expect(await summaries(seminar, full)).toEqual(counts);
    const dorasNow = await backOffice.get<Json>(`/v1/registrations/${doraWaiting.id}`);
    expect(dorasNow.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    const annasNow = await backOffice.get<Json>(`/v1/registrations/${annaWaiting.id}`);
    expect(annasNow.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect(tracesOf(anna).some((trace) => JSON.stringify(annasNow.body).toLowerCase().includes(trace))).toBe(false);

    // The read model rebuilds from the events, still without her and with the same counts.
    const registrationDb = await system.databaseUrl('registration');
    const { stdout } = await run('npm', ['run', '--silent', 'rebuild:registrations', '-w', '@seminarwerk/registration'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: registrationDb, PRINCIPAL_SIGNING_SECRET: system.principalSigningSecret },
    });
    expect(stdout).toMatch(/^rebuilt \d+ registrations/m);
    expect(naming(await rowsOf(system, 'registration'), anna)).toEqual([]);
    expect(await summaries(seminar, full)).toEqual(counts);

    // An event about her registration after the erasure names nobody.
    const cancelled = await backOffice.post<Json>(`/v1/registrations/${annaWaiting.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    // The topic is keyed by offering: her registration's events are picked out by id.
    const published = await eventually(
      () => {
        const hers = events.received.filter((r) => r.event.data?.registrationId === annaWaiting.id).map((r) => r.event);
        expect(hers.map((event) => event.type)).toContain('registration.cancelled.v1');
        return hers;
      },
      { timeoutMs: 30_000 },
    );
    expect(published.map((event) => event.type)).toContain('registration.participant-erased.v1');
    const cancellation = JSON.stringify(published.find((event) => event.type === 'registration.cancelled.v1')).toLowerCase();
    for (const trace of tracesOf(anna)) expect(cancellation).not.toContain(trace);
    await eventually(async () => {
      const dora = await backOffice.get<Json>(`/v1/registrations/${doraWaiting.id}`);
      expect(dora.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    });
  });

  it('answers 202 to the back office, a problem for anything but exactly one address or registration id, and 403 to partners', async () => {
    for (const body of [
      {},
      { email: 'a@oldenburg.example', registrationId: randomUUID() },
      { email: 'no address' },
      { registrationId: '1' },
    ]) {
      const refused = await backOffice.post<Json>('/v1/privacy/erasures', body);
      expect(refused.status).toBe(400);
      expect(refused.body.type).toMatch(/\/validation-failed$/);
    }
    expect((await partner.post<Json>('/v1/privacy/erasures', { email: 'a@oldenburg.example' })).status).toBe(403);
    expect((await partner.get<Json>(`/v1/privacy/erasures/${randomUUID()}`)).status).toBe(403);
    const unknown = await backOffice.get<Json>(`/v1/privacy/erasures/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.type).toMatch(/\/erasure-not-found$/);

    const accepted = await backOffice.post<Json>('/v1/privacy/erasures', { registrationId: randomUUID() });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'pending' });
    const failed = await eventually(async () => {
      const erasure = await backOffice.get<Json>(`/v1/privacy/erasures/${accepted.body.id}`);
      expect(erasure.body.status).toBe('failed');
      return erasure.body;
    });
    expect(failed.failure.type).toMatch(/\/registration-not-found$/);
  });
});
