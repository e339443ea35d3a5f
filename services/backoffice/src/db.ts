import { PrismaPg } from '@prisma/adapter-pg';
import { type Prisma, PrismaClient } from './generated/prisma/client.ts';

export type Db = ReturnType<typeof createDb>;
export type Tx = Prisma.TransactionClient;

export function createDb(databaseUrl: string) {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }),
    transactionOptions: { maxWait: 10_000, timeout: 15_000 },
  });
}
