import type pg from 'pg';

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Resolves when the database answers a query; used by readiness checks. */
export async function ping(pool: pg.Pool): Promise<void> {
  await pool.query('SELECT 1');
}
