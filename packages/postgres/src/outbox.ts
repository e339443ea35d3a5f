import type { EventMessage } from '@seminarwerk/contracts';
import type { Sql } from './sql.ts';

/** NOTIFY channel the outbox trigger signals on; the relay LISTENs to it. */
export const OUTBOX_CHANNEL = 'outbox';

/** Writes messages in the caller's transaction; they become visible to the relay when it commits. */
export async function enqueue(sql: Sql, messages: readonly EventMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await sql.query(
    `INSERT INTO outbox (event_id, topic, message_key, payload)
     SELECT m.event_id, m.topic, m.message_key, m.payload
       FROM jsonb_to_recordset($1::jsonb) AS m(event_id text, topic text, message_key text, payload jsonb)`,
    [JSON.stringify(messages.map((m) => ({ event_id: m.event.id, topic: m.topic, message_key: m.key, payload: m.event })))],
  );
}
