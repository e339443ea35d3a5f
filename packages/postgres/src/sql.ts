import type pg from 'pg';

/**
 * The little the event store, outbox and inbox need from a transaction. Services adapt
 * their Prisma transaction (`prismaSql`) or a `pg` client (`pgSql`), so the same SQL runs
 * inside whatever transaction holds the business change.
 */
export interface Sql {
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<R[]>;
}

export function pgSql(client: pg.ClientBase | pg.Pool): Sql {
  return {
    async query<R>(text: string, values: unknown[] = []) {
      const result = await client.query(text, values);
      return result.rows as R[];
    },
  };
}

interface PrismaRaw {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export function prismaSql(tx: PrismaRaw): Sql {
  return {
    query<R>(text: string, values: unknown[] = []) {
      return tx.$queryRawUnsafe<R[]>(text, ...values);
    },
  };
}
