import { type Metrics, sharedPerScrape } from '@seminarwerk/http';
import type { Db } from '../db.ts';
import type { OutboundResult } from '../outbound/safe-post.ts';

const QUEUES = ['mail', 'webhook'] as const;

/**
 * The e-mail and webhook queues as the database holds them, read on every scrape over the partial indexes on pending
 * rows (`deliveries_due_idx`, `webhook_deliveries_due_idx`): how many wait, and since when. Sent and failed rows are
 * the delivery log, which grows forever, so they are not counted here.
 */
export function queueMetrics(metrics: Metrics, db: Db): void {
  const read = sharedPerScrape(() =>
    db.$queryRawUnsafe<{ queue: string; n: number; oldest_s: number | null }[]>(
      `SELECT 'mail' AS queue, count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS oldest_s
         FROM deliveries WHERE status = 'pending'
       UNION ALL
       SELECT 'webhook', count(*)::int, extract(epoch FROM now() - min(created_at))::float8
         FROM webhook_deliveries WHERE status = 'pending'`,
    ),
  );
  const of = async (queue: string) => (await read()).find((r) => r.queue === queue);
  metrics.gauge({
    name: 'notification_queue_pending',
    help: 'E-mail and webhook deliveries waiting to be sent (new or retrying)',
    labelNames: ['queue'] as const,
    async collect() {
      for (const queue of QUEUES) this.set({ queue }, (await of(queue))?.n ?? 0);
    },
  });
  metrics.gauge({
    name: 'notification_queue_oldest_pending_age_seconds',
    help: 'Age of the oldest pending e-mail or webhook delivery (0 when none)',
    labelNames: ['queue'] as const,
    async collect() {
      for (const queue of QUEUES) this.set({ queue }, Math.max(0, (await of(queue))?.oldest_s ?? 0));
    },
  });
}

/** `webhook_send_duration_seconds{outcome}`: one observation per attempt (`2xx`, `4xx`, `5xx`, `unreachable`, `refused`). */
export function webhookAttemptMetrics(metrics: Metrics): (result: OutboundResult) => void {
  const duration = metrics.histogram({
    name: 'webhook_send_duration_seconds',
    help: 'Webhook delivery attempts by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return (result) => {
    const outcome = result.kind === 'answered' ? `${Math.floor(result.status / 100)}xx` : result.kind;
    duration.observe({ outcome }, result.durationMs / 1000);
  };
}

/** `mail_send_duration_seconds{outcome}`: one observation per SMTP attempt (`sent`, `retrying`, `failed`). */
export function mailAttemptMetrics(metrics: Metrics): (outcome: string, durationMs: number) => void {
  const duration = metrics.histogram({
    name: 'mail_send_duration_seconds',
    help: 'E-mail delivery attempts to the SMTP server by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return (outcome, durationMs) => duration.observe({ outcome }, durationMs / 1000);
}
