import type { Sql } from './sql.ts';

/**
 * Records that `consumer` has handled `eventId`, in the caller's transaction.
 * Returns false when it already had: the caller skips the effect, so redelivery is a no-op.
 */
export async function recordProcessed(sql: Sql, consumer: string, eventId: string): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO processed_messages (consumer, event_id) VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return rows.length === 1;
}
