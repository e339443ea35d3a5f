import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export type Db = ReturnType<typeof createDb>;
export type Tx = Prisma.TransactionClient;

/**
 * Prisma on one pool of 10 connections, which is also `db.pool`: what runs on every POST (the idempotency record)
 * takes it directly with plain SQL, without Prisma's query engine in the way. `$disconnect()` ends both.
 */
export function createDb(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
  const disconnectPrisma = prisma.$disconnect.bind(prisma);
  return Object.assign(prisma, {
    pool,
    async $disconnect() {
      await disconnectPrisma();
      if (!pool.ending) await pool.end();
    },
  });
}
