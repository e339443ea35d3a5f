import { type Logger, withTrace } from '@seminarwerk/logging';
import { type Doorbell, doorbell, listen } from '@seminarwerk/postgres';
import nodemailer from 'nodemailer';
import pg from 'pg';
import type { Db } from '../db.ts';
import type { MailAttachment } from '../mail/templates.ts';
import type { DeliveryPayload } from './deliveries.ts';
import { type Backoff, defaultBackoff, describeFailure, retryDelay, type SendFailure } from './retry-policy.ts';

/** NOTIFY channel of the trigger on `deliveries` (see the migration). */
export const DELIVERIES_CHANNEL = 'deliveries';

export interface MailSenderOptions {
  db: Db;
  databaseUrl: string;
  smtpUrl: string;
  /** The From header, e.g. `Studieninstitut <seminare@example.org>`. */
  from: string;
  logger: Logger;
  /** How many deliveries are sent at the same time (default 4). */
  lanes?: number;
  /** Safety net if a NOTIFY is missed (e.g. while the listening connection was down). */
  pollIntervalMs?: number;
  backoff?: Backoff;
  /** Told of every attempt: how it ended and how long the SMTP conversation took (metrics). */
  onAttempt?: (outcome: 'sent' | 'retrying' | 'failed', durationMs: number) => void;
}

export interface MailSender {
  stop(): Promise<void>;
}

interface DueDelivery {
  id: string;
  recipient: string;
  subject: string;
  payload: DeliveryPayload;
  message_id: string;
  correlation_id: string | null;
  attempts: number;
}

/**
 * A base64 attachment is decoded to its bytes and sent in base64 transfer encoding: quoted-printable (nodemailer's
 * choice for some text types) may rewrite line ends, and the attached XRechnung must be byte-identical to the issued one.
 */
const attachmentOf = (a: MailAttachment) =>
  a.encoding === 'base64'
    ? {
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
        encoding: 'base64',
        contentTransferEncoding: 'base64' as const,
      }
    : { filename: a.filename, contentType: a.contentType, content: a.content };

// Bounds one SMTP conversation, so a claim cannot hang.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
const MIN_SLEEP_MS = 50;
/** How many due deliveries a lane looks at per claim: those another lane or instance holds are skipped. */
const CANDIDATES = 8;
/** The first key of the two-key advisory locks on deliveries ('mail' in ASCII), apart from every other lock. */
const DELIVERY_LOCK_CLASS = 0x6d61696c;
/** How long to keep trying to record an outcome the SMTP server already gave before giving up (then it is resent). */
const RECORD_DEADLINE_MS = 60_000;

type Outcome = { sent: true } | { sent: false; failure: SendFailure; delayMs: number };

/**
 * Sends pending deliveries, each lane one at a time over its own pooled SMTP connection, so at most one message per
 * connection is in flight. A delivery is claimed with a session-level advisory lock on the lane's own database
 * connection, not a row lock in a transaction: the SMTP conversation holds no transaction open, and the moment the
 * server answers 250 to DATA the acceptance is recorded in its own short statement, before the lane sends anything
 * else. The window in which a crash (kill -9) resends a message the server had accepted is that one statement.
 * A lane whose database connection drops records the outcome on another (the pool) and takes a new one; a process
 * that dies releases its locks with its connections, so its deliveries are due again at once. Two instances never
 * send one delivery at once: the lock is re-checked against the row after it is taken. Temporary failures are retried
 * forever with backoff; a permanent rejection marks the delivery failed. Every attempt has the same Message-ID.
 */
export function startMailSender(options: MailSenderOptions): MailSender {
  const { db, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const backoff = options.backoff ?? defaultBackoff;
  // Several lanes send at once over pooled SMTP connections: during a registration rush one lane
  // and a new connection per message (about 10 mails/s here) left waiting-list notices minutes behind.
  const lanes = options.lanes ?? 4;
  const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: lanes, ...SMTP_TIMEOUTS });
  const bells = Array.from({ length: lanes }, () => doorbell());
  const ringAll = () => {
    for (const bell of bells) bell.ring();
  };
  const listener = listen(options.databaseUrl, DELIVERIES_CHANNEL, logger, ringAll);
  let running = true;
  /** Deliveries a lane of this process holds: a lane whose lock went with its connection must not meet a sibling. */
  const inFlight = new Set<string>();

  async function send(delivery: DueDelivery): Promise<void> {
    const { payload } = delivery;
    await transport.sendMail({
      from: options.from,
      to: { name: payload.toName, address: delivery.recipient },
      subject: delivery.subject,
      text: payload.text,
      html: payload.html,
      attachments: payload.attachments.map(attachmentOf),
      messageId: delivery.message_id,
      headers: {
        'Auto-Submitted': 'auto-generated', // RFC 3834: no vacation replies to us
        'Content-Language': 'de',
        ...(delivery.correlation_id ? { 'X-Correlation-Id': delivery.correlation_id } : {}),
      },
    });
  }

  /** One statement, committed at once; repeated on a fresh pooled connection while the database is away. */
  async function record(delivery: DueDelivery, outcome: Outcome): Promise<void> {
    const deadline = Date.now() + RECORD_DEADLINE_MS;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        if (outcome.sent) {
          await db.$executeRaw`UPDATE deliveries SET status = 'sent', sent_at = now(), attempts = attempts + 1
            WHERE id = ${delivery.id}::uuid AND status = 'pending'`;
        } else {
          await db.$executeRaw`UPDATE deliveries
              SET attempts = attempts + 1, last_error = ${outcome.failure.summary},
                  status = ${outcome.failure.permanent ? 'failed' : 'pending'},
                  next_attempt_at = now() + ${outcome.delayMs}::double precision * interval '1 millisecond'
            WHERE id = ${delivery.id}::uuid AND status = 'pending'`;
        }
        return;
      } catch (error) {
        if (Date.now() + wait > deadline) throw error;
        logger.warn({ deliveryId: delivery.id, err: (error as Error).message }, 'could not record the e-mail outcome yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  async function attempt(delivery: DueDelivery): Promise<void> {
    const started = performance.now();
    try {
      await send(delivery);
    } catch (error) {
      const failure = describeFailure(error);
      options.onAttempt?.(failure.permanent ? 'failed' : 'retrying', performance.now() - started);
      const delayMs = retryDelay(delivery.attempts + 1, backoff);
      await record(delivery, { sent: false, failure, delayMs });
      const log = { deliveryId: delivery.id, attempts: delivery.attempts + 1, err: failure.summary };
      if (failure.permanent) logger.error(log, 'e-mail rejected for good; not retrying');
      else logger.warn({ ...log, retryInMs: delayMs }, 'e-mail not sent; retrying');
      return;
    }
    options.onAttempt?.('sent', performance.now() - started);
    await record(delivery, { sent: true });
    logger.info({ deliveryId: delivery.id, messageId: delivery.message_id }, 'e-mail sent');
  }

  /** A due delivery locked for this lane (the lock re-checked against the row), or none. */
  async function claim(session: pg.Client): Promise<DueDelivery | undefined> {
    const { rows } = await session.query<{ id: string }>(
      `SELECT id::text FROM deliveries WHERE status = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at LIMIT ${CANDIDATES}`,
    );
    for (const { id } of rows) {
      if (inFlight.has(id)) continue;
      const lock = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [DELIVERY_LOCK_CLASS, id]);
      if (!lock.rows[0]?.ok) continue;
      const { rows: due } = await session.query<DueDelivery>(
        `SELECT id::text, recipient, subject, payload, message_id, correlation_id, attempts FROM deliveries
          WHERE id = $1 AND status = 'pending' AND next_attempt_at <= now()`,
        [id],
      );
      if (due[0]) return due[0];
      await unlock(session, id); // sent or rescheduled by its holder meanwhile
    }
    return undefined;
  }

  const unlock = (session: pg.Client, id: string) =>
    session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [DELIVERY_LOCK_CLASS, id]).then(
      () => {},
      () => {}, // the connection is gone, and the lock with it
    );

  /** Sends the next due delivery; false when none is due (or all due ones are held elsewhere). */
  async function sendNext(session: pg.Client): Promise<boolean> {
    const delivery = await claim(session);
    if (!delivery) return false;
    inFlight.add(delivery.id);
    try {
      await withTrace({ correlationId: delivery.correlation_id ?? undefined }, () => attempt(delivery));
    } finally {
      inFlight.delete(delivery.id);
      await unlock(session, delivery.id);
    }
    return true;
  }

  async function connect(): Promise<pg.Client> {
    const session = new pg.Client({ connectionString: options.databaseUrl, application_name: 'notification-mail-sender' });
    session.on('error', () => {}); // the next query fails and the lane takes a new connection
    await session.connect();
    return session;
  }

  /** Until the earliest retry is due, at most the poll interval. */
  async function untilNextDue(): Promise<number> {
    const [row] = await db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM min(next_attempt_at) - now()) * 1000)::float8 AS ms
        FROM deliveries WHERE status = 'pending'`;
    const ms = row?.ms ?? pollIntervalMs;
    return Math.min(Math.max(Math.ceil(ms), MIN_SLEEP_MS), pollIntervalMs);
  }

  const lane = async (bell: Doorbell) => {
    let delay = backoff.initialMs;
    let session: pg.Client | undefined;
    while (running) {
      try {
        session ??= await connect();
        const sent = await sendNext(session);
        delay = backoff.initialMs;
        if (sent) continue;
        await bell.wait(await untilNextDue());
      } catch (error) {
        // The database failed (SMTP failures are recorded above): the delivery stays pending for the next round.
        logger.warn({ err: (error as Error).message, retryInMs: delay }, 'mail sender failed; retrying');
        void session?.end().catch(() => {});
        session = undefined;
        await bell.wait(delay);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
    await session?.end().catch(() => {});
  };
  const loops = Promise.all(bells.map(lane));

  return {
    async stop() {
      running = false;
      ringAll();
      await loops;
      await (await listener).stop();
      transport.close();
    },
  };
}
