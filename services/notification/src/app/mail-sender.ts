import { type Logger, withTrace } from '@seminarwerk/logging';
import { type Doorbell, doorbell, listen } from '@seminarwerk/postgres';
import nodemailer from 'nodemailer';
import type { Db, Tx } from '../db.ts';
import type { MailAttachment } from '../mail/templates.ts';
import type { DeliveryPayload } from './deliveries.ts';
import { type Backoff, defaultBackoff, describeFailure, retryDelay } from './retry-policy.ts';

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

// Bounds one SMTP conversation, so the row lock (and the transaction holding it) cannot hang.
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };
const TRANSACTION_TIMEOUT_MS = 60_000;
const MIN_SLEEP_MS = 50;

/**
 * Sends pending deliveries one at a time. Each is claimed with FOR UPDATE SKIP LOCKED and stays
 * locked until it is marked, so two instances never send the same delivery at once. A crash after
 * the SMTP server accepted a message and before the commit sends it again, with the same Message-ID.
 * Temporary failures are retried forever with backoff; a permanent rejection marks it failed.
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

  async function attempt(tx: Tx, delivery: DueDelivery): Promise<void> {
    try {
      await send(delivery);
    } catch (error) {
      const failure = describeFailure(error);
      const delayMs = retryDelay(delivery.attempts + 1, backoff);
      await tx.$executeRaw`UPDATE deliveries
          SET attempts = attempts + 1, last_error = ${failure.summary},
              status = ${failure.permanent ? 'failed' : 'pending'},
              next_attempt_at = now() + ${delayMs}::double precision * interval '1 millisecond'
        WHERE id = ${delivery.id}::uuid`;
      const log = { deliveryId: delivery.id, attempts: delivery.attempts + 1, err: failure.summary };
      if (failure.permanent) logger.error(log, 'e-mail rejected for good; not retrying');
      else logger.warn({ ...log, retryInMs: delayMs }, 'e-mail not sent; retrying');
      return;
    }
    await tx.$executeRaw`UPDATE deliveries SET status = 'sent', sent_at = now(), attempts = attempts + 1
      WHERE id = ${delivery.id}::uuid`;
    logger.info({ deliveryId: delivery.id, messageId: delivery.message_id }, 'e-mail sent');
  }

  /** Sends the next due delivery; false when none is due (or all due ones are another instance's). */
  const sendNext = () =>
    db.$transaction(
      async (tx) => {
        const [delivery] = await tx.$queryRaw<DueDelivery[]>`
          SELECT id::text, recipient, subject, payload, message_id, correlation_id, attempts FROM deliveries
           WHERE status = 'pending' AND next_attempt_at <= now()
           ORDER BY next_attempt_at LIMIT 1
             FOR UPDATE SKIP LOCKED`;
        if (!delivery) return false;
        await withTrace({ correlationId: delivery.correlation_id ?? undefined }, () => attempt(tx, delivery));
        return true;
      },
      { timeout: TRANSACTION_TIMEOUT_MS },
    );

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
    while (running) {
      try {
        const sent = await sendNext();
        delay = backoff.initialMs;
        if (sent) continue;
        await bell.wait(await untilNextDue());
      } catch (error) {
        // The database failed (SMTP failures are recorded above): the delivery stays pending for the next round.
        logger.warn({ err: (error as Error).message, retryInMs: delay }, 'mail sender failed; retrying');
        await bell.wait(delay);
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
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
