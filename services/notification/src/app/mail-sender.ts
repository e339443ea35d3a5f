import { type Logger, withTrace } from '@seminarwerk/logging';
import { type Doorbell, doorbell, listen } from '@seminarwerk/postgres';
import nodemailer from 'nodemailer';
import type { MailAttachment } from '../mail/templates.ts';
import { type ClaimSession, type DueDelivery, deliveryClaims, type Outcome, outcomeStatement, runOnce } from './delivery-claims.ts';
import { type Backoff, defaultBackoff, describeFailure, retryDelay } from './retry-policy.ts';

/** NOTIFY channel of the trigger on `deliveries` (see the migration). */
export const DELIVERIES_CHANNEL = 'deliveries';

export interface MailSenderOptions {
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
/** While every due delivery is held by another instance: how soon to look again (a dead one's are free at once). */
const HELD_ELSEWHERE_MS = 1_000;
/** How long to keep trying to record an outcome the SMTP server already gave before giving up (then it is resent). */
const RECORD_DEADLINE_MS = 60_000;

/**
 * Sends pending deliveries, each lane one at a time over its own pooled SMTP connection, so at most one message per
 * connection is in flight. A delivery is claimed with a session-level advisory lock on the lane's own database
 * connection, not a row lock in a transaction: the SMTP conversation holds no transaction open, and the moment the
 * server answers 250 to DATA the acceptance is recorded in its own short statement, before the lane sends anything
 * else. The window in which a crash (kill -9) resends a message the server had accepted is that one statement.
 * A lane claims its share of the due deliveries (up to ROUND) in one statement and re-reads them in a second, then
 * sends them one by one; their locks are released by its next claim, after every outcome is committed. A lane whose
 * database connection drops records the outcome on another, sends nothing more of its round and takes a new one; a
 * process that dies releases its locks with its connections, so its deliveries are due again at once. Two instances
 * never send one delivery at once: the lock is re-checked against the row after it is taken. Temporary failures are
 * retried forever with backoff; a permanent rejection marks the delivery failed. Every attempt has the same Message-ID.
 */
export function startMailSender(options: MailSenderOptions): MailSender {
  const { logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const backoff = options.backoff ?? defaultBackoff;
  // Several lanes send at once over pooled SMTP connections: during a registration rush one lane
  // and a new connection per message (about 10 mails/s here) left waiting-list notices minutes behind.
  const lanes = options.lanes ?? 4;
  const transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: lanes, ...SMTP_TIMEOUTS });
  const claims = deliveryClaims(options.databaseUrl, lanes);
  const bells = Array.from({ length: lanes }, () => doorbell());
  /** Lanes asleep: a NOTIFY wakes one of them, not every lane for one new delivery. */
  const sleeping = new Set<Doorbell>();
  const ringAll = () => {
    for (const bell of bells) bell.ring();
  };
  /** Wakes a sleeping lane; true if there was one. */
  const wakeOne = () => {
    const [bell] = sleeping;
    if (!bell) return false;
    sleeping.delete(bell);
    bell.ring();
    return true;
  };
  // No lane asleep: each is claiming or sending, and the ring makes it claim once more when it is done.
  const listener = listen(options.databaseUrl, DELIVERIES_CHANNEL, logger, () => wakeOne() || ringAll());
  let running = true;

  async function sleep(bell: Doorbell, ms: number): Promise<void> {
    sleeping.add(bell);
    try {
      await bell.wait(ms);
    } finally {
      sleeping.delete(bell);
    }
  }

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

  /** One statement, committed at once, on the lane's session; while that fails, on fresh connections. */
  async function record(session: ClaimSession, delivery: DueDelivery, outcome: Outcome): Promise<void> {
    const statement = outcomeStatement(delivery.id, outcome);
    if (session.alive) {
      try {
        return await session.run(statement);
      } catch (error) {
        logger.warn({ deliveryId: delivery.id, err: (error as Error).message }, 'could not record the e-mail outcome yet; retrying');
        void session.end();
      }
    }
    const deadline = Date.now() + RECORD_DEADLINE_MS;
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        return await runOnce(options.databaseUrl, statement);
      } catch (error) {
        if (Date.now() + wait > deadline) throw error;
        logger.warn({ deliveryId: delivery.id, err: (error as Error).message }, 'could not record the e-mail outcome yet; retrying');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** Sends one delivery and records how it went; the delay until its retry, if it has one. */
  async function attempt(session: ClaimSession, delivery: DueDelivery): Promise<number | undefined> {
    const started = performance.now();
    try {
      await send(delivery);
    } catch (error) {
      const failure = describeFailure(error);
      options.onAttempt?.(failure.permanent ? 'failed' : 'retrying', performance.now() - started);
      const delayMs = retryDelay(delivery.attempts + 1, backoff);
      await record(session, delivery, { sent: false, failure, delayMs });
      const log = { deliveryId: delivery.id, attempts: delivery.attempts + 1, err: failure.summary };
      if (failure.permanent) logger.error(log, 'e-mail rejected for good; not retrying');
      else logger.warn({ ...log, retryInMs: delayMs }, 'e-mail not sent; retrying');
      return failure.permanent ? undefined : delayMs;
    }
    options.onAttempt?.('sent', performance.now() - started);
    await record(session, delivery, { sent: true });
    logger.info({ deliveryId: delivery.id, messageId: delivery.message_id }, 'e-mail sent');
    return undefined;
  }

  /**
   * Sends a claimed round one by one; how long the lane may sleep after it. Stops early when the session is gone:
   * the rest of the round is no longer locked, so another instance may take it.
   */
  async function sendRound(session: ClaimSession, deliveries: DueDelivery[]): Promise<number> {
    let sleepMs = Number.POSITIVE_INFINITY;
    try {
      for (const [i, delivery] of deliveries.entries()) {
        if (!session.alive) throw new Error(`lost the database session; ${deliveries.length - i} e-mails left for the next round`);
        const retryInMs = await withTrace({ correlationId: delivery.correlation_id ?? undefined }, () => attempt(session, delivery));
        if (retryInMs !== undefined) sleepMs = Math.min(sleepMs, retryInMs);
      }
    } finally {
      for (const delivery of deliveries) claims.done(delivery.id);
    }
    return sleepMs;
  }

  const lane = async (bell: Doorbell) => {
    let delay = backoff.initialMs;
    let session: ClaimSession | undefined;
    /** The last round's locks, released by the next claim (every outcome in it is committed by then). */
    let release: string[] = [];
    while (running) {
      try {
        session ??= await claims.open();
        const round = await session.claim(release);
        release = round.locked;
        // More are due than this lane took: a sleeping lane takes its share.
        if (round.locked.length > 0 && round.due > round.locked.length) wakeOne();
        const retryInMs = await sendRound(session, round.deliveries);
        delay = backoff.initialMs;
        const took = round.locked.length > 0;
        if (took && round.due > round.tried) continue; // more are due: claim again
        // What it tried to lock is held by another instance (which may have died: look again soon).
        const heldElsewhere = round.locked.length < round.tried;
        const busyElsewhereMs = !took && round.due > round.tried ? MIN_SLEEP_MS : HELD_ELSEWHERE_MS;
        await sleep(bell, untilNextDue(round.nextDueMs, retryInMs, heldElsewhere ? busyElsewhereMs : pollIntervalMs));
      } catch (error) {
        // The database failed (SMTP failures are recorded above): the delivery stays pending for the next round.
        logger.warn({ err: (error as Error).message, retryInMs: delay }, 'mail sender failed; retrying');
        void session?.end();
        session = undefined;
        release = []; // released with the connection
        await sleep(bell, delay);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
    await session?.end();
  };

  /** Until the earliest retry is due (this lane's own, or as the claim saw them), within MIN_SLEEP_MS..`atMostMs`. */
  function untilNextDue(nextDueMs: number | null, ownRetryMs: number, atMostMs: number): number {
    const ms = Math.min(nextDueMs ?? pollIntervalMs, ownRetryMs, atMostMs);
    return Math.min(Math.max(Math.ceil(ms), MIN_SLEEP_MS), pollIntervalMs);
  }

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
