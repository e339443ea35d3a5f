import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type ApiClient,
  apiClient,
  eventually,
  registerWhenOpen,
  SERVICES,
  type ServiceName,
  type SmtpTestServer,
  scheduleSeminarDate,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import pg from 'pg';
import { expect } from 'vitest';

/** What the whole-system erasure tests share (erasure.test.ts, erasure-ledger.test.ts). */

export type Json = Record<string, any>;
export const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface WholeSystem {
  system: TestSystem;
  backOffice: ApiClient;
  /** Oldenburg's partner key. */
  partner: ApiClient;
  stop(): Promise<void>;
}

/** The whole system with its mail server, the back office and a partner key for Oldenburg. */
export async function startWholeSystem(): Promise<WholeSystem> {
  const smtp: SmtpTestServer = await startSmtpServer();
  const system = await startTestSystem({ smtpUrl: smtp.url });
  const backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const key = await backOffice.post<Json>('/v1/api-keys', { name: 'Oldenburg HR', role: 'partner', municipalityId: 'oldenburg' });
  return {
    system,
    backOffice,
    partner: apiClient(system.gatewayUrl, key.body.key),
    async stop() {
      await system.stop();
      await smtp.close();
    },
  };
}

/** A new seminar's date in 2030, far from every deadline; its id. */
export const scheduleDate = (backOffice: ApiClient, capacity: number) =>
  scheduleSeminarDate(backOffice, {
    title: 'Datenschutz im Amt',
    topic: 'Recht',
    feeCents: 19000,
    capacity,
    startsAt: '2030-03-09T09:00:00+01:00',
    endsAt: '2030-03-09T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
    registrationDeadline: '2030-03-01',
  });

/** A person no other test knows: every name and the address are unique, so finding them anywhere means them. */
export const person = (name: string) => {
  const suffix = randomUUID().slice(0, 8);
  const lastName = `${name}son${suffix}`;
  return { firstName: `${name}${suffix}`, lastName, email: `${lastName.toLowerCase()}@oldenburg.example` };
};
export type Person = ReturnType<typeof person>;
/** The strings that identify the person, lower-cased. */
export const tracesOf = (p: Person) => [p.email, p.firstName, p.lastName].map((s) => s.toLowerCase());

export async function register(partner: ApiClient, offeringId: string, participant: Person, status = 'confirmed'): Promise<Json> {
  const registration = await registerWhenOpen<Json>(partner, { offeringId, participant });
  expect(registration.body).toMatchObject({ status });
  return registration.body;
}

/** A confirmed registration's mail, sent, and its invoice, drafted. */
export async function settled(backOffice: ApiClient, registrationId: string): Promise<Json> {
  return eventually(
    async () => {
      const deliveries = await backOffice.get<Json>(`/v1/notifications/deliveries?registrationId=${registrationId}`);
      expect(deliveries.body.items).toEqual([expect.objectContaining({ status: 'sent' })]);
      const invoices = await backOffice.get<Json>(`/v1/invoices?registrationId=${registrationId}`);
      expect(invoices.body.items).toHaveLength(1);
      return invoices.body.items[0];
    },
    { timeoutMs: 60_000 },
  );
}

export async function erase(backOffice: ApiClient, subject: { email: string } | { registrationId: string }): Promise<Json> {
  const accepted = await backOffice.post<Json>('/v1/privacy/erasures', subject);
  expect(accepted.status).toBe(202);
  return eventually(
    async () => {
      const erasure = await backOffice.get<Json>(`/v1/privacy/erasures/${accepted.body.id}`);
      expect(erasure.body.status).toBe('completed');
      return erasure.body;
    },
    { timeoutMs: 90_000, intervalMs: 500 },
  );
}

export interface Row {
  service: ServiceName;
  table: string;
  text: string;
}

/** Every row of every table of a service's database, as text (`SELECT t::text FROM <table> t`). */
export async function rowsOf(system: TestSystem, service: ServiceName): Promise<Row[]> {
  const client = new pg.Client({ connectionString: await system.databaseUrl(service) });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const rows: Row[] = [];
    for (const { name } of tables) {
      const { rows: texts } = await client.query<{ t: string }>(`SELECT t::text AS t FROM ${name} t`);
      for (const { t } of texts) rows.push({ service, table: name, text: t.toLowerCase() });
    }
    return rows;
  } finally {
    await client.end();
  }
}

export const everyRow = async (system: TestSystem) => (await Promise.all(SERVICES.map((s) => rowsOf(system, s)))).flat();

/** The rows that name the person: table and the start of the row, to read in a failure. */
export const naming = (rows: readonly Row[], p: Person) =>
  rows
    .filter((row) => tracesOf(p).some((trace) => row.text.includes(trace)))
    .map((row) => `${row.service} ${row.table}: ${row.text.slice(0, 300)}`);

/** A service's database as a plain SQL script (pg_dump), restorable with psql: what a nightly backup holds. */
export async function dump(system: TestSystem, service: ServiceName, file: string): Promise<void> {
  await run('pg_dump', ['--clean', '--if-exists', '--no-owner', '--file', file, await system.databaseUrl(service)]);
}

/** The backup put back, the service stopped meanwhile (its connections would hold locks the script needs). */
export async function restore(system: TestSystem, service: ServiceName, file: string): Promise<void> {
  const running = system.processes[service];
  await running?.stop();
  await run('psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', '--file', file, await system.databaseUrl(service)]);
  running?.start();
  await eventually(
    async () => {
      const ready = await fetch(`${system.urls[service]}/health/ready`);
      expect(ready.status).toBe(200);
    },
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}
