import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DeliveryPayload } from './deliveries.ts';
import type { SendFailure } from './retry-policy.ts';

/** A pending delivery as the mail sender sends it. */
export interface DueDelivery {
  id: string;
  recipient: string;
  subject: string;
  payload: DeliveryPayload;
  message_id: string;
  correlation_id: string | null;
  attempts: number;
}

export type Outcome = { sent: true } | { sent: false; failure: SendFailure; delayMs: number };

/** What one claim found: the deliveries this session now holds, and how the rest of the queue looked. */
export interface Claim {
  /** Every id locked by this claim, also those found sent or rescheduled meanwhile: release them with the next claim. */
  locked: string[];
  /** The locked ones still due, re-read after locking: the lane sends these. */
  deliveries: DueDelivery[];
  /** Due deliveries seen (up to WINDOW), not counting those this process holds. */
  due: number;
  /** How many of those this claim tried to lock. */
  tried: number;
  /** Until the earliest delivery not yet due is (null: none). */
  nextDueMs: number | null;
}

/** A lane's session answers within this or is given up (claims take turns, so one hung session would hold up all). */
const SESSION = { application_name: 'notification-mail-sender', query_timeout: 15_000, connectionTimeoutMillis: 10_000 };
/** The first key of the two-key advisory locks on deliveries ('mail' in ASCII), apart from every other lock. */
const DELIVERY_LOCK_CLASS = 0x6d61696c;
/**
 * How many due deliveries, oldest first, a claim chooses from: more than one instance's lanes hold at once, so a
 * second instance finds free ones among them.
 */
const WINDOW = 128;
/** The most deliveries a lane claims at once; a lane takes its share of the due ones, so lanes send side by side. */
const ROUND = 8;

// Named statements: prepared once per session. One statement releases the last round's locks (all recorded and
// committed, so nobody can read one of them as still due), chooses the lane's share of the due deliveries and tries
// to lock each. It does not read the rows: its snapshot is older than the locks. The share is drawn at random from
// the oldest due, so two instances seldom try the same ones; the process's own are skipped, so its lanes never meet.
const CLAIM = {
  name: 'mail-sender-claim',
  text: `
    WITH released AS MATERIALIZED (
           SELECT count(pg_advisory_unlock($1, hashtext(id))) AS n FROM unnest($2::text[]) AS id),
         due AS MATERIALIZED (
           SELECT id FROM deliveries
            WHERE status = 'pending' AND next_attempt_at <= now() AND id <> ALL ($3::uuid[])
            ORDER BY next_attempt_at LIMIT ${WINDOW}),
         share AS MATERIALIZED (
           SELECT id FROM due ORDER BY md5(id::text || $4)
            LIMIT (SELECT least(${ROUND}, ceil(count(*) / $5::numeric)) FROM due))
    SELECT array(SELECT id::text FROM share WHERE pg_try_advisory_lock($1, hashtext(id::text))) AS locked,
           (SELECT count(*)::int FROM due) AS due,
           (SELECT count(*)::int FROM share) AS tried,
           (SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - now()) * 1000)::float8 FROM deliveries
             WHERE status = 'pending' AND next_attempt_at > now()) AS next_due_ms,
           (SELECT n FROM released) AS released`,
};
/** The locked rows re-read: one sent or rescheduled by its holder before the lock was taken is left out. */
const FETCH = {
  name: 'mail-sender-fetch',
  text: `SELECT id::text, recipient, subject, payload, message_id, correlation_id, attempts FROM deliveries
          WHERE id = ANY ($1::uuid[]) AND status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at`,
};
const RECORD_SENT = {
  name: 'mail-sender-sent',
  text: `UPDATE deliveries SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1 AND status = 'pending'`,
};
const RECORD_FAILURE = {
  name: 'mail-sender-failure',
  text: `UPDATE deliveries
            SET attempts = attempts + 1, last_error = $2, status = $3,
                next_attempt_at = now() + $4::double precision * interval '1 millisecond'
          WHERE id = $1 AND status = 'pending'`,
};

/** The statement that records an outcome: one, autocommitted. */
export function outcomeStatement(id: string, outcome: Outcome): pg.QueryConfig {
  return outcome.sent
    ? { ...RECORD_SENT, values: [id] }
    : {
        ...RECORD_FAILURE,
        values: [id, outcome.failure.summary, outcome.failure.permanent ? 'failed' : 'pending', outcome.delayMs],
      };
}

/**
 * A lane's own database session: its advisory locks are its claims, so it stays the same connection from claim to
 * release. `alive` turns false when the connection fails; its locks are gone with it.
 */
export interface ClaimSession {
  readonly alive: boolean;
  /**
   * Releases `release` (the last round's, all recorded), locks the lane's share of the due deliveries and re-reads
   * them. Until `done(id)`, the process's other lanes skip what it locked.
   */
  claim(release: string[]): Promise<Claim>;
  /** Runs one autocommitted statement on the session. */
  run(statement: pg.QueryConfig): Promise<void>;
  end(): Promise<void>;
}

/** The claims of one process's lanes: each lane opens a session of its own; they take turns to claim. */
export function deliveryClaims(databaseUrl: string, lanes: number) {
  /** Deliveries a lane of this process holds: a lane whose lock went with its connection must not meet a sibling. */
  const held = new Set<string>();
  let turn = Promise.resolve();
  /** One claim of the process at a time, so each sees in `held` what its siblings just took. */
  function inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = turn.then(work);
    turn = result.then(
      () => {},
      () => {},
    );
    return result;
  }

  async function open(): Promise<ClaimSession> {
    const client = new pg.Client({ connectionString: databaseUrl, ...SESSION });
    let alive = true;
    const lost = () => {
      alive = false;
    };
    client.on('error', lost); // the next query fails and the lane takes a new connection
    client.on('end', lost);
    await client.connect();
    return {
      get alive() {
        return alive;
      },
      async claim(release) {
        const summary = await inTurn(async () => {
          const { rows } = await client.query<{ locked: string[]; due: number; tried: number; next_due_ms: number | null }>({
            ...CLAIM,
            values: [DELIVERY_LOCK_CLASS, release, [...held], randomUUID(), lanes],
          });
          const row = rows[0] ?? { locked: [], due: 0, tried: 0, next_due_ms: null };
          for (const id of row.locked) held.add(id);
          return row;
        });
        let deliveries: DueDelivery[] = [];
        try {
          if (summary.locked.length > 0) deliveries = (await client.query<DueDelivery>({ ...FETCH, values: [summary.locked] })).rows;
        } finally {
          const sending = new Set(deliveries.map((d) => d.id));
          for (const id of summary.locked) if (!sending.has(id)) held.delete(id);
        }
        return { locked: summary.locked, deliveries, due: summary.due, tried: summary.tried, nextDueMs: summary.next_due_ms };
      },
      async run(statement) {
        await client.query(statement);
      },
      async end() {
        alive = false;
        await client.end().catch(() => {});
      },
    };
  }

  return {
    open,
    /** The lane is done with `id` (recorded, or not sent after all): siblings may take it when it is due again. */
    done: (id: string) => void held.delete(id),
  };
}

/** Runs one autocommitted statement on a connection of its own (when the lane's session is gone). */
export async function runOnce(databaseUrl: string, statement: pg.QueryConfig): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, ...SESSION });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query({ text: statement.text, values: statement.values });
  } finally {
    await client.end().catch(() => {});
  }
}
