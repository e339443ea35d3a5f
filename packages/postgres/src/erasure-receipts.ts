import type { Sql } from './sql.ts';

/**
 * Whether a service's `erasure_receipts` (one row per erasure and registration it applied, docs/privacy.md) cover the
 * erasure for every one of the registrations; none asked: true. It is the service's confirmation to the gateway.
 */
export async function erasureReceiptsCover(sql: Sql, erasureId: string, registrationIds: readonly string[]): Promise<boolean> {
  const asked = [...new Set(registrationIds)];
  if (asked.length === 0) return true;
  const [row] = await sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM erasure_receipts WHERE erasure_id = $1::uuid AND registration_id = ANY($2::uuid[])',
    [erasureId, asked],
  );
  return row?.n === asked.length;
}
