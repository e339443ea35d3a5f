import { AppError } from '@seminarwerk/http';
import type { Db, Tx } from '../db.ts';

/** A public event, ready to be kept in the feed and queued for the subscriptions that want it. */
export interface PublicEvent {
  id: string;
  type: string;
  occurredAt: string;
  /** Whose it is; `null`: a back-office booking without a municipality, seen by the back office only. */
  municipalityId: string | null;
  /** What webhooks keep in order: the registration, invoice or offering it is about. */
  orderingKey: string;
  /** `{ id, type, occurredAt, data }`, checked against its schema. */
  payload: unknown;
}

/** Where a page ended: the writing transaction's id and the row's position (the feed's order). */
interface FeedPosition {
  transactionId: bigint;
  position: bigint;
}

/** The feed's cursor: opaque to clients, `<transactionId>.<position>` in base64url. */
export const encodeFeedCursor = ({ transactionId, position }: FeedPosition) =>
  Buffer.from(`${transactionId}.${position}`).toString('base64url');

export function decodeFeedCursor(cursor: string): FeedPosition {
  const match = /^(\d{1,19})\.(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new AppError(400, 'validation-failed', 'The request query is invalid: after: is not a cursor of this feed', {
      errors: [{ field: 'after', detail: 'is not a cursor of this feed' }],
    });
  }
  return { transactionId: BigInt(match[1] as string), position: BigInt(match[2] as string) };
}

export interface FeedQuery {
  after?: string;
  types?: readonly string[];
  /** Only this municipality's events (a partner: always its own); none: all (back office). */
  municipalityId?: string;
  limit: number;
}

export interface FeedPage {
  /** The payloads as recorded (JSON text), in feed order. */
  items: string[];
  nextCursor: string | null;
}

export function eventFeed(db: Db) {
  return {
    /**
     * Records public events in the consumer's transaction and queues a delivery for every active subscription that
     * wants the type and may see the municipality. An event recorded before (the same id) is left alone.
     */
    async record(tx: Tx, events: readonly PublicEvent[]): Promise<void> {
      for (const event of events) {
        const [row] = await tx.$queryRaw<{ position: bigint }[]>`
          INSERT INTO public_events (event_id, type, municipality_id, ordering_key, occurred_at, payload)
          VALUES (${event.id}, ${event.type}, ${event.municipalityId}, ${event.orderingKey}, ${new Date(event.occurredAt)},
                  ${JSON.stringify(event.payload)})
          ON CONFLICT (event_id) DO NOTHING
          RETURNING position`;
        if (!row) continue;
        await tx.$executeRaw`
          INSERT INTO webhook_deliveries (id, subscription_id, event_position, ordering_key)
          SELECT gen_random_uuid(), s.id, ${row.position}, ${event.orderingKey}
            FROM webhook_subscriptions s
           WHERE s.status = 'active' AND ${event.type} = ANY(s.events)
             AND (s.municipality_id IS NULL OR s.municipality_id = ${event.municipalityId})`;
      }
    },

    /**
     * A page of the feed. Rows are served in (transaction id, position) order, and only those of transactions older
     * than the oldest one still running: every such transaction has ended, so no row can appear later before a cursor
     * handed out (a transaction that commits late has a younger id than the ones served past it; see decisions.md).
     */
    async page(query: FeedQuery): Promise<FeedPage> {
      const after = query.after ? decodeFeedCursor(query.after) : { transactionId: -1n, position: -1n };
      const types = query.types && query.types.length > 0 ? [...query.types] : null;
      const rows = await db.$queryRaw<{ transaction_id: bigint; position: bigint; payload: string }[]>`
        SELECT transaction_id, position, payload FROM public_events
         WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
           AND (transaction_id, position) > (${after.transactionId}, ${after.position})
           AND (${query.municipalityId ?? null}::text IS NULL OR municipality_id = ${query.municipalityId ?? null})
           AND (${types}::text[] IS NULL OR type = ANY(${types}::text[]))
         ORDER BY transaction_id, position
         LIMIT ${query.limit}`;
      const last = rows.at(-1);
      return {
        items: rows.map((r) => r.payload),
        nextCursor: last ? encodeFeedCursor({ transactionId: last.transaction_id, position: last.position }) : (query.after ?? null),
      };
    },

    /** Forgets events (and their deliveries) recorded before `before`. */
    async purge(before: Date): Promise<number> {
      return db.$executeRaw`DELETE FROM public_events WHERE recorded_at < ${before}`;
    },
  };
}
export type EventFeed = ReturnType<typeof eventFeed>;
