import type { CloudEvent, DataOf, EventContract, EventSubscription } from '@seminarwerk/contracts';
import { isRejection, type Rejection } from '@seminarwerk/decider';
import type { Logger } from '@seminarwerk/logging';
import { retryOnConflict } from './retry.ts';
import type { Sql } from './sql.ts';

export interface InboxContext<Tx> {
  /** The transaction that records the event as processed: write the effect in it. */
  tx: Tx;
  event: CloudEvent;
}

/**
 * Applies one event, typed by its contract. Returns a rejection when this service's rules refuse what the
 * event asks for (e.g. a change of an offering registration never opened): it is recorded and logged, not
 * dropped silently, and the event counts as processed.
 */
export type InboxHandler<Tx, C extends EventContract> = (data: DataOf<C>, context: InboxContext<Tx>) => Promise<undefined | Rejection>;

export interface InboxOptions<Tx> {
  /** The consumer's name in `processed_messages`. */
  consumer: string;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  sql(tx: Tx): Sql;
  logger: Logger;
}

/**
 * The only way to consume: a handler is registered per event contract and runs in a transaction that
 * first records the event id (`processed_messages`). A redelivered event finds its id and does nothing;
 * a failure rolls back both, so the event is handled again. Conflicts and deadlocks retry the whole.
 */
export function inbox<Tx>(options: InboxOptions<Tx>) {
  const { consumer, logger } = options;
  const subscriptions = new Map<string, EventSubscription>();
  const handlers = new Map<string, InboxHandler<Tx, EventContract>>();

  /**
   * Events of one partition, in order, in ONE transaction: each recorded and applied, at the cost of one transaction
   * instead of one each (a rush brings thousands); one event alone is the case of one. `around` runs each event's part
   * (its trace). If any handler fails, all roll back and the caller handles them one by one, so one bad event cannot
   * take the others' work with it.
   */
  async function handleMany(events: readonly CloudEvent[], around: (event: CloudEvent, work: () => Promise<void>) => Promise<void>) {
    const refused: { event: CloudEvent; rejection: Rejection }[] = [];
    await retryOnConflict(() => {
      refused.length = 0;
      return options.transaction(async (tx) => {
        const sql = options.sql(tx);
        for (const event of events) {
          const handler = handlers.get(event.type);
          if (!handler) continue;
          await around(event, async () => {
            if (!(await claim(sql, consumer, event))) return;
            const result = await handler(event.data, { tx, event });
            if (isRejection(result)) {
              await recordRejection(sql, consumer, event.id, result.code);
              refused.push({ event, rejection: result });
            }
          });
        }
      });
    });
    for (const { event, rejection } of refused) {
      logger.warn({ eventId: event.id, type: event.type, code: rejection.code, detail: rejection.detail }, 'event refused by the rules');
    }
  }

  return {
    handleMany,
    on<C extends EventContract>(contract: C, handler: InboxHandler<Tx, C>): void {
      if (subscriptions.has(contract.type)) throw new Error(`${contract.type} has a handler already`);
      subscriptions.set(contract.type, { contract, handle: (event) => handleMany([event], runAsIs) });
      handlers.set(contract.type, handler as InboxHandler<Tx, EventContract>);
    },
    subscriptions: (): readonly EventSubscription[] => [...subscriptions.values()],
  };
}
export type Inbox<Tx> = ReturnType<typeof inbox<Tx>>;

const runAsIs = (_event: CloudEvent, work: () => Promise<void>) => work();

/** Records that `consumer` handles `event`, in its transaction; false when it had before. */
async function claim(sql: Sql, consumer: string, event: CloudEvent): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO processed_messages (consumer, event_id, event_type) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, event.id, event.type],
  );
  return rows.length === 1;
}

async function recordRejection(sql: Sql, consumer: string, eventId: string, code: string): Promise<void> {
  await sql.query(`UPDATE processed_messages SET outcome = 'rejected', rejection_code = $3 WHERE consumer = $1 AND event_id = $2`, [
    consumer,
    eventId,
    code,
  ]);
}

/** How many events `consumer` refused, by rejection code (for operators and tests). */
export async function inboxRejections(sql: Sql, consumer: string): Promise<Record<string, number>> {
  const rows = await sql.query<{ code: string; n: number }>(
    `SELECT rejection_code AS code, count(*)::int AS n FROM processed_messages
      WHERE consumer = $1 AND outcome = 'rejected' GROUP BY rejection_code`,
    [consumer],
  );
  return Object.fromEntries(rows.map((r) => [r.code, r.n]));
}
