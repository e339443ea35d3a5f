import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase, schemaDrift } from '@seminarwerk/testing';
import { expect, it } from 'vitest';
import { createDb } from '../src/db.ts';

const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

it('keeps schema.prisma and the SQL migrations in step', async () => {
  const url = await createTestDatabase('schema');
  await migrate(url, migrations);
  const db = createDb(url);
  try {
    expect(await schemaDrift(db, url)).toEqual({ missingInDatabase: [], missingInSchema: [] });
  } finally {
    await db.$disconnect();
  }
});
