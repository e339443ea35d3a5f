import type { Logger } from '@seminarwerk/logging';
import { prismaSql } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import { insertKeys, type NewKey, sealData } from './sealing.ts';

const BATCH = 500;

/**
 * The migration of streams recorded before sealing existed (decisions.md 120): every event that still names a person
 * in clear text gets them sealed under new keys, a batch per transaction, until none is left. Idempotent: a sealed
 * event is not touched again, so every start runs it and the first one does the work. Returns how many it sealed.
 */
export async function sealClearParticipants(db: Db, logger?: Logger): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db.$transaction(async (tx) => {
      const sql = prismaSql(tx);
      const rows = await sql.query<{ global_position: string; data: unknown }>(
        `SELECT global_position::text, data FROM events
          WHERE stream_id LIKE 'offering-%' AND (data->'participant' ? 'email' OR data->'previous' ? 'email')
          ORDER BY global_position LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      const keys: NewKey[] = [];
      const updates = rows.map((row) => ({ position: row.global_position, data: sealData(row.data, keys) }));
      await insertKeys(sql, keys);
      if (updates.length > 0) {
        await sql.query(
          `UPDATE events e SET data = u.data
             FROM jsonb_to_recordset($1::jsonb) AS u(position bigint, data jsonb) WHERE e.global_position = u.position`,
          [JSON.stringify(updates)],
        );
      }
      return updates.length;
    });
    total += sealed;
    if (sealed < BATCH) break;
  }
  if (total > 0) logger?.info({ sealed: total }, 'privacy: sealed participants of events recorded before sealing');
  return total;
}
