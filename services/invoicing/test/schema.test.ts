import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase, expectNoSchemaDrift } from '@seminarwerk/testing';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createDb } from '../src/db.ts';
import { INVOICE_STATUSES } from '../src/domain/invoice.ts';
import { VAT_TREATMENTS } from '../src/domain/money.ts';

const migrations = new URL('../prisma/migrations', import.meta.url);

it('keeps schema.prisma and the SQL migrations in step', () => expectNoSchemaDrift(createDb, migrations));

it('allows in the enum-like columns exactly the values the domain knows', async () => {
  const url = await createTestDatabase('invoicing_checks');
  await migrate(url, fileURLToPath(migrations));
  const allowed = await allowedValues(url);
  expect(allowed.invoices_status_check).toEqual([...INVOICE_STATUSES].sort());
  expect(allowed.invoices_vat_check).toEqual([...VAT_TREATMENTS].sort());
});

/** The text literals each CHECK constraint names, by constraint (`status IN ('a', 'b')` → `['a', 'b']`). */
async function allowedValues(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contype = 'c'`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, [...r.definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1] as string).sort()]));
  } finally {
    await client.end();
  }
}
