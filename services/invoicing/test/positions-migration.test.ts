import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, pgSql, readStream } from '@seminarwerk/postgres';
import { backOfficePrincipal, createTestDatabase } from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { invoices } from '../src/app/invoices.ts';
import { instituteOf, loadConfig } from '../src/config.ts';
import { createDb, type Db } from '../src/db.ts';
import { renderPdf } from '../src/documents/pdf.ts';
import { xrechnungValidator } from '../src/documents/validator.ts';
import { renderXRechnung } from '../src/documents/xrechnung.ts';
import { positionDecider, type StoredPositionEvent } from '../src/domain/position.ts';

// Migration 20261215000000_positions_and_issuing: before it, `registration-invoice-<registrationId>` streams were
// one draft invoice each (InvoiceDrafted, InvoiceVoided) projected into `invoices`. A database migrated up to the
// migration before it gets drafts in the old layout, then the rest: the old streams must fold to positions that
// match their new rows, every old draft must have an invoice stream, and both must take new commands.

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const POSITIONS = '20261215000000_positions_and_issuing';

const ids = { r1: randomUUID(), r2: randomUUID(), i1: randomUUID(), i2: randomUUID(), o1: randomUUID() };
const at = (minute: number) => `2026-12-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const drafted = (invoiceId: string, registrationId: string, minute: number) => ({
  invoiceId,
  registrationId,
  offeringId: ids.o1,
  municipalityId: 'oldenburg',
  total: { amountCents: 28_500, currency: 'EUR' },
  vat: 'exempt-4-22a',
  description: 'Teilnahmegebühr: Vergaberecht kompakt (2027-03-01)',
  draftedAt: at(minute),
});

let url: string;
let client: pg.Client;
let db: Db;

async function oldLayout() {
  const history: [string, number, string, unknown][] = [
    [`registration-invoice-${ids.r1}`, 1, 'InvoiceDrafted', drafted(ids.i1, ids.r1, 0)],
    [`registration-invoice-${ids.r2}`, 1, 'InvoiceDrafted', drafted(ids.i2, ids.r2, 1)],
    [
      `registration-invoice-${ids.r2}`,
      2,
      'InvoiceVoided',
      { invoiceId: ids.i2, registrationId: ids.r2, reason: 'registration cancelled', voidedAt: at(2) },
    ],
  ];
  for (const [stream, version, type, data] of history) {
    await client.query('INSERT INTO events (event_id, stream_id, stream_version, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)', [
      randomUUID(),
      stream,
      version,
      type,
      data,
      { actor: 'registration' },
    ]);
  }
  for (const [id, registrationId, status] of [
    [ids.i1, ids.r1, 'draft'],
    [ids.i2, ids.r2, 'voided'],
  ]) {
    await client.query(
      `INSERT INTO invoices (id, registration_id, offering_id, municipality_id, status, total_cents, currency, vat, description, created_at, updated_at)
       VALUES ($1, $2, $3, 'oldenburg', $4, 28500, 'EUR', 'exempt-4-22a', 'Teilnahmegebühr: Vergaberecht kompakt (2027-03-01)', $5, $5)`,
      [id, registrationId, ids.o1, status, at(0)],
    );
  }
  await client.query(
    `INSERT INTO customers (id, name, invoice_email, leitweg_id, billing_address) VALUES ('oldenburg', 'Stadt Oldenburg (Oldb)',
     'rechnungseingang@oldenburg.example', '03403000-57', '{"department":"","street":"Markt 1","postalCode":"26122","city":"Oldenburg (Oldb)","country":"DE"}')`,
  );
}

const foldedPosition = async (registrationId: string) =>
  (await readStream(pgSql(client), `registration-invoice-${registrationId}`))
    .map((e) => ({ type: e.type, data: e.data }) as StoredPositionEvent)
    .reduce(positionDecider.evolve, positionDecider.initialState());

beforeAll(async () => {
  url = await createTestDatabase('positions_migration');
  const earlier = await mkdtemp(join(tmpdir(), 'invoicing-migrations-'));
  for (const entry of await readdir(MIGRATIONS, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name < POSITIONS)
      await cp(join(MIGRATIONS, entry.name), join(earlier, entry.name), { recursive: true });
  }
  await migrate(url, earlier);
  await rm(earlier, { recursive: true });
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await oldLayout();
  // This migration, and the ones after it (they do not touch positions).
  expect((await migrate(url, MIGRATIONS)).applied[0]).toBe(POSITIONS);
  db = createDb(url);
});

afterAll(async () => {
  await db?.$disconnect();
  await client?.end();
});

describe('drafts of before issue 9', () => {
  it('became positions whose rows are what their old streams fold to', async () => {
    const { rows } = await client.query(
      `SELECT registration_id, participant, title, service_date::text AS day, status, owed_kind, owed_cents, invoice_id, cancelled, billing
         FROM positions ORDER BY title, status DESC`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          registration_id: ids.r1,
          participant: '',
          title: 'Vergaberecht kompakt',
          day: '2027-03-01',
          status: 'open',
          owed_kind: 'fee',
          owed_cents: 28_500,
          invoice_id: ids.i1,
          cancelled: false,
          billing: 'per-registration',
        },
        {
          registration_id: ids.r2,
          participant: '',
          title: 'Vergaberecht kompakt',
          day: '2027-03-01',
          status: 'closed',
          owed_kind: null,
          owed_cents: null,
          invoice_id: null,
          cancelled: true,
          billing: 'per-registration',
        },
      ]),
    );
    expect(await foldedPosition(ids.r1)).toMatchObject({
      status: 'open',
      invoiceId: ids.i1,
      owed: { kind: 'fee', netCents: 28_500 },
      facts: { participant: '', serviceDate: '2027-03-01' },
    });
    expect(await foldedPosition(ids.r2)).toMatchObject({ status: 'closed', owed: null, cancelled: true });
  });

  it('each have an invoice stream, opened (and voided) when they were, and keep their rows', async () => {
    const { rows } = await client.query(
      `SELECT stream_id, array_agg(type ORDER BY stream_version) AS types, min(recorded_at) AS first FROM events WHERE stream_id LIKE 'invoice-%' GROUP BY stream_id ORDER BY stream_id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.stream_id, r.types]))).toEqual({
      [`invoice-${ids.i1}`]: ['InvoiceOpened'],
      [`invoice-${ids.i2}`]: ['InvoiceOpened', 'InvoiceVoided'],
    });
    const invoiceRows = await client.query('SELECT id, type, billing, status, number, registration_id FROM invoices ORDER BY status');
    expect(invoiceRows.rows).toEqual([
      { id: ids.i1, type: 'invoice', billing: 'per-registration', status: 'draft', number: null, registration_id: ids.r1 },
      { id: ids.i2, type: 'invoice', billing: 'per-registration', status: 'voided', number: null, registration_id: ids.r2 },
    ]);
    const customer = await client.query('SELECT billing, payment_terms_days, supplier_number FROM customers');
    expect(customer.rows).toEqual([{ billing: 'per-registration', payment_terms_days: 30, supplier_number: null }]);
  });

  it('take new commands: the open draft is issued, with a line without a participant’s name', async () => {
    const app = invoices(db, {
      institute: instituteOf(loadConfig({})),
      validator: xrechnungValidator(inject('validatorUrl')),
      render: { xrechnung: renderXRechnung, pdf: renderPdf },
      clock: () => new Date('2027-03-10T09:00:00Z'),
    });
    // The demo institute has a Steuernummer only: EN 16931 (BR-CO-26) then needs the supplier number (BT-29).
    await client.query(`UPDATE customers SET supplier_number = 'K-100423' WHERE id = 'oldenburg'`);
    const issued = await app.issue(ids.i1, backOfficePrincipal());
    expect(issued).toMatchObject({
      status: 'issued',
      number: 'RE-2027-00001',
      lines: [{ registrationId: ids.r1, participant: '', description: 'Teilnahmegebühr: Vergaberecht kompakt', netCents: 28_500 }],
      validation: { result: 'valid' },
    });
    expect(await foldedPosition(ids.r1)).toMatchObject({ status: 'invoiced', invoiceId: ids.i1 });
  });
});
