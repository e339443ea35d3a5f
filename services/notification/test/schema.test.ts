import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import { expect, it } from 'vitest';
import { createDb } from '../src/db.ts';
import { Prisma } from '../src/generated/prisma/client.ts';
import { migrations } from './support.ts';

type Delegate = { findFirst(): Promise<unknown> };

// Prisma reads every mapped column on findFirst, so a model the SQL migrations do not match
// (a missing table or column, a different name) fails here instead of at run time.
it('has a table for every model, with every column of schema.prisma', async () => {
  const databaseUrl = await createTestDatabase('notification_schema');
  await migrate(databaseUrl, migrations);
  const db = createDb(databaseUrl);
  try {
    const models = Object.values(Prisma.ModelName);
    expect(models).toContain('Delivery');
    for (const model of models) {
      const delegate = (db as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)];
      await expect(delegate?.findFirst(), model).resolves.toBeNull();
    }
  } finally {
    await db.$disconnect();
  }
});
