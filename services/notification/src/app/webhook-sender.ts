import type { Logger } from '@seminarwerk/logging';
import { type Doorbell, doorbell, listen } from '@seminarwerk/postgres';
import { Webhook } from 'standardwebhooks';
import type { Db, Tx } from '../db.ts';
import { type OutboundOptions, type OutboundResult, safePost } from '../outbound/safe-post.ts';
import type { SecretBox } from './secret-box.ts';
import { classifyAttempt, type WebhookBackoff, webhookRetryDelay } from './webhook-policy.ts';
import { WEBHOOK_DELIVERIES_CHANNEL } from './webhook-subscriptions.ts';

export interface DisabledNotice {
  subscriptionId: string;
  municipalityId: string | null;
  url: string;
  reason: 'gone' | 'failing';
  disabledAt: Date;
  /** Since when every attempt failed. */
  failingSince: Date;
  lastFailure: string;
}

export interface WebhookSenderOptions {
  db: Db;
  databaseUrl: string;
  logger: Logger;
  secrets: SecretBox;
  outbound: Omit<OutboundOptions, 'maxBodyBytes'>;
  backoff: WebhookBackoff;
  /** A delivery is given up this long after its first attempt. */
  retryForMs: number;
  /** A subscription failing this long without a success is disabled. */
  disableAfterMs: number;
  /** Queues the e-mail about a disabled subscription, in the transaction that disabled it. */
  onDisabled: (tx: Tx, notice: DisabledNotice) => Promise<void>;
  lanes?: number;
  pollIntervalMs?: number;
  random?: () => number;
  /** Told of every attempt's result (metrics: send duration by outcome). */
  onAttempt?: (result: OutboundResult) => void;
}

export interface WebhookSender {
  stop(): Promise<void>;
}

interface ClaimedDelivery {
  id: string;
  attempts: number;
  retry_until: Date;
  subscription_id: string;
  municipality_id: string | null;
  event_id: string;
  payload: string;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

/** Only the first kilobyte of an answer is read and kept. */
const MAX_RESPONSE_BYTES = 1024;
const MIN_SLEEP_MS = 50;

/**
 * Delivers queued webhooks: at least once, in order per subscription and registration (or invoice, or offering).
 * A delivery is claimed in a short statement that also leases it (FOR UPDATE SKIP LOCKED, so instances never take the
 * same one), sent outside any transaction (a slow partner must not hold a transaction open, which would also hold
 * back the event feed), and its outcome recorded after. A crash while sending leaves the lease to expire: the delivery
 * is sent again, with the same `webhook-id`. A delivery waits while an earlier one of its line is pending.
 */
export function startWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const { db, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const random = options.random ?? Math.random;
  const leaseMs = options.outbound.timeoutMs + 30_000;
  const lanes = options.lanes ?? 4;
  const bells = Array.from({ length: lanes }, () => doorbell());
  const ringAll = () => {
    for (const bell of bells) bell.ring();
  };
  const listener = listen(options.databaseUrl, WEBHOOK_DELIVERIES_CHANNEL, logger, ringAll);
  let running = true;

  async function claim(): Promise<ClaimedDelivery | undefined> {
    const [claimed] = await db.$queryRaw<ClaimedDelivery[]>`
      WITH next AS (
        SELECT d.id FROM webhook_deliveries d
          JOIN webhook_subscriptions s ON s.id = d.subscription_id
         WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND s.status = 'active'
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries e
              WHERE e.subscription_id = d.subscription_id AND e.ordering_key = d.ordering_key
                AND e.status = 'pending' AND e.event_position < d.event_position)
         ORDER BY d.next_attempt_at, d.event_position
         LIMIT 1
           FOR UPDATE OF d SKIP LOCKED)
      UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1, last_attempt_at = now(),
             next_attempt_at = now() + ${leaseMs}::double precision * interval '1 millisecond',
             retry_until = COALESCE(d.retry_until, now() + ${options.retryForMs}::double precision * interval '1 millisecond')
        FROM next, public_events p, webhook_subscriptions s
       WHERE d.id = next.id AND p.position = d.event_position AND s.id = d.subscription_id
      RETURNING d.id::text, d.attempts, d.retry_until, d.subscription_id::text, s.municipality_id, p.event_id, p.payload,
                s.url, s.secret, s.previous_secret, s.previous_secret_expires_at`;
    return claimed;
  }

  /** Standard Webhooks: one `v1,<signature>` per secret in force, separated by spaces. */
  function signatureOf(delivery: ClaimedDelivery, at: Date): string {
    const secrets = [options.secrets.open(delivery.secret, delivery.subscription_id)];
    if (delivery.previous_secret && delivery.previous_secret_expires_at && delivery.previous_secret_expires_at > at) {
      secrets.push(options.secrets.open(delivery.previous_secret, delivery.subscription_id));
    }
    return secrets.map((secret) => new Webhook(secret).sign(delivery.event_id, at, delivery.payload)).join(' ');
  }

  async function send(delivery: ClaimedDelivery): Promise<OutboundResult> {
    const at = new Date();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Seminarwerk-Webhooks/1.0',
      'webhook-id': delivery.event_id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signatureOf(delivery, at),
    };
    return safePost(delivery.url, delivery.payload, headers, { ...options.outbound, maxBodyBytes: MAX_RESPONSE_BYTES });
  }

  async function record(delivery: ClaimedDelivery, result: OutboundResult): Promise<void> {
    const now = new Date();
    const outcome = classifyAttempt(result, now);
    const status = result.kind === 'answered' ? result.status : null;
    const body = result.kind === 'answered' ? result.body : null;
    const error = result.kind === 'answered' ? null : result.error;
    await db.$transaction(async (tx) => {
      const mine = (extra: string) => `UPDATE webhook_deliveries
          SET response_status = $3, duration_ms = $4, error = $5, response_body = $6, ${extra}
        WHERE id = $1::uuid AND attempts = $2 AND status = 'pending'`;
      const values = [delivery.id, delivery.attempts, status, result.durationMs, error, body];
      if (outcome.kind === 'delivered') {
        await tx.$executeRawUnsafe(mine(`status = 'delivered', delivered_at = now()`), ...values);
        await tx.$executeRaw`UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = ${delivery.subscription_id}::uuid`;
        return;
      }
      const delay =
        outcome.kind === 'retry'
          ? Math.max(outcome.retryAfterMs ?? 0, webhookRetryDelay(delivery.attempts, options.backoff, random()))
          : undefined;
      if (delay !== undefined && now.getTime() + delay <= delivery.retry_until.getTime()) {
        await tx.$executeRawUnsafe(mine(`next_attempt_at = now() + $7::double precision * interval '1 millisecond'`), ...values, delay);
      } else {
        await tx.$executeRawUnsafe(mine(`status = 'failed'`), ...values);
      }
      await failed(tx, delivery, outcome.kind === 'gone', status === null ? (error ?? 'no answer') : `HTTP ${status}`);
    });
    const log = { deliveryId: delivery.id, subscriptionId: delivery.subscription_id, attempts: delivery.attempts, status, error };
    if (outcome.kind === 'delivered') logger.info(log, 'webhook delivered');
    else logger.warn({ ...log, outcome: outcome.kind }, 'webhook not delivered');
  }

  /** A failed attempt: the subscription's run of failures goes on; a 410, or a run too long, disables it. */
  async function failed(tx: Tx, delivery: ClaimedDelivery, gone: boolean, lastFailure: string): Promise<void> {
    const [run] = await tx.$queryRaw<{ failing_ms: number; failing_since: Date }[]>`
      UPDATE webhook_subscriptions SET failing_since = COALESCE(failing_since, now())
       WHERE id = ${delivery.subscription_id}::uuid
      RETURNING failing_since, (EXTRACT(EPOCH FROM now() - failing_since) * 1000)::float8 AS failing_ms`;
    if (!gone && (run === undefined || run.failing_ms < options.disableAfterMs)) return;
    const reason = gone ? 'gone' : 'failing';
    const [disabled] = await tx.$queryRaw<{ disabled_at: Date }[]>`
      UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = ${reason}, disabled_at = now()
       WHERE id = ${delivery.subscription_id}::uuid AND status = 'active'
      RETURNING disabled_at`;
    if (!disabled) return;
    logger.warn({ subscriptionId: delivery.subscription_id, reason }, 'webhook subscription disabled');
    await options.onDisabled(tx, {
      subscriptionId: delivery.subscription_id,
      municipalityId: delivery.municipality_id,
      url: delivery.url,
      reason,
      disabledAt: disabled.disabled_at,
      failingSince: run?.failing_since ?? disabled.disabled_at,
      lastFailure,
    });
  }

  /** Sends the next due delivery; false when none is due. */
  async function sendNext(): Promise<boolean> {
    const delivery = await claim();
    if (!delivery) return false;
    const result = await send(delivery);
    options.onAttempt?.(result);
    await record(delivery, result);
    return true;
  }

  /** Until the earliest pending delivery is due, at most the poll interval. */
  async function untilNextDue(): Promise<number> {
    const [row] = await db.$queryRaw<{ ms: number | null }[]>`
      SELECT (EXTRACT(EPOCH FROM min(d.next_attempt_at) - now()) * 1000)::float8 AS ms
        FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
       WHERE d.status = 'pending' AND s.status = 'active'`;
    const ms = row?.ms ?? pollIntervalMs;
    return Math.min(Math.max(Math.ceil(ms), MIN_SLEEP_MS), pollIntervalMs);
  }

  const lane = async (bell: Doorbell) => {
    let delay = options.backoff.initialMs;
    while (running) {
      try {
        if (await sendNext()) {
          delay = options.backoff.initialMs;
          ringAll(); // the next one of its line may be due now
          continue;
        }
        await bell.wait(await untilNextDue());
      } catch (error) {
        // The database failed (partner failures are recorded above): the lease runs out and the delivery is tried again.
        logger.warn({ err: (error as Error).message, retryInMs: delay }, 'webhook sender failed; retrying');
        await bell.wait(delay);
        delay = Math.min(delay * 2, options.backoff.maxMs);
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
    },
  };
}
