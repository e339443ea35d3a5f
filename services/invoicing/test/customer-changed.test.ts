import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudEventEnvelope, CustomerChanged } from '@seminarwerk/contracts';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, type InvoicingUnderTest, startInvoicingUnderTest } from './support.ts';

let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
});

afterAll(async () => {
  await invoicing?.stop();
});

describe('invoicing.customer.changed.v1', () => {
  it('is published when a customer is created and when its name or invoice address changes, and only then', async () => {
    const id = await customer(invoicing, { name: 'Stadt Musterstadt', invoiceEmail: 'rechnung@musterstadt.example' });
    const [created] = await invoicing.events.of(id);
    expect(created?.type).toBe(CustomerChanged.type);
    expect(CustomerChanged.data.parse(created?.data)).toMatchObject({
      customerId: id,
      name: 'Stadt Musterstadt',
      invoiceEmail: 'rechnung@musterstadt.example',
    });

    // Terms only: nothing for notification. The address: published. Same key, same partition: once the second event
    // is there, an event for the first change would have come before it.
    await customer(invoicing, { id, name: 'Stadt Musterstadt', invoiceEmail: 'rechnung@musterstadt.example', paymentTermsDays: 14 });
    await customer(invoicing, { id, name: 'Stadt Musterstadt', invoiceEmail: 'personal@musterstadt.example' });
    const events = await invoicing.events.of(id, (e) => e.length >= 2);
    expect(events.map((e) => e.data.invoiceEmail)).toEqual(['rechnung@musterstadt.example', 'personal@musterstadt.example']);
  });

  it('is published once for every customer that existed before the event did (migration 20261220000000)', async () => {
    const all = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
    const before = await mkdtemp(join(tmpdir(), 'invoicing-migrations-'));
    try {
      for (const name of await readdir(all)) {
        if (name < '20261220000000') await cp(join(all, name), join(before, name), { recursive: true });
      }
      const url = await createTestDatabase('invoicing_backfill');
      await migrate(url, before);
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        const id = `gemeinde-${randomUUID().slice(0, 8)}`;
        await db.query(
          `INSERT INTO customers (id, name, invoice_email, billing_address) VALUES ($1, 'Gemeinde Alt', 'alt@gemeinde.example', '{}')`,
          [id],
        );
        await migrate(url, all);
        const { rows } = await db.query(`SELECT message_key, payload FROM outbox WHERE topic = 'invoicing.events.v1'`);
        expect(rows).toHaveLength(1);
        const envelope = CloudEventEnvelope.parse(rows[0].payload);
        expect(rows[0].message_key).toBe(id);
        expect(envelope).toMatchObject({ type: CustomerChanged.type, subject: id, source: '/seminarwerk/invoicing' });
        expect(CustomerChanged.data.parse(envelope.data)).toMatchObject({
          customerId: id,
          name: 'Gemeinde Alt',
          invoiceEmail: 'alt@gemeinde.example',
        });
      } finally {
        await db.end();
      }
    } finally {
      await rm(before, { recursive: true, force: true });
    }
  });
});
