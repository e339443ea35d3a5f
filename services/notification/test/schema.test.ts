import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase, expectNoSchemaDrift } from '@seminarwerk/testing';
import pg from 'pg';
import { expect, it } from 'vitest';
import { DELIVERY_STATUSES } from '../src/app/deliveries.ts';
import { createDb } from '../src/db.ts';
import { TEMPLATES } from '../src/mail/templates.ts';

const migrations = new URL('../prisma/migrations', import.meta.url);

it('keeps schema.prisma and the SQL migrations in step', () => expectNoSchemaDrift(createDb, migrations));

it('allows in the enum-like columns exactly the values the code knows', async () => {
  const url = await createTestDatabase('notification_checks');
  await migrate(url, fileURLToPath(migrations));
  const allowed = await allowedValues(url);
  expect(allowed.deliveries_status_check).toEqual([...DELIVERY_STATUSES].sort());
  expect(allowed.deliveries_template_check).toEqual([...TEMPLATES].sort());
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
