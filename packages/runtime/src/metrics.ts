import type { EventMessage } from '@seminarwerk/contracts';
import { type Metrics, sharedPerScrape } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import type { ConsumerOffsets } from '@seminarwerk/messaging';

/** How often the consumer's lag is read from the broker (two admin requests per topic). */
export const LAG_REFRESH_MS = 5_000;

/** What the outbox holds unpublished, read on every scrape (a COUNT over the partial index `outbox_unpublished_idx`). */
export function outboxMetrics(
  metrics: Metrics,
  unpublished: () => Promise<{ rows: number; oldestAgeSeconds: number }>,
): { published(messages: readonly EventMessage[]): void } {
  const read = sharedPerScrape(unpublished);
  metrics.gauge({
    name: 'outbox_backlog',
    help: 'Outbox rows not yet published to Kafka',
    async collect() {
      this.set((await read()).rows);
    },
  });
  metrics.gauge({
    name: 'outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none)',
    async collect() {
      this.set((await read()).oldestAgeSeconds);
    },
  });
  const published = metrics.counter({
    name: 'outbox_published_total',
    help: 'Messages the outbox relay published, by topic and event type',
    labelNames: ['topic', 'type'] as const,
  });
  return {
    published(messages) {
      for (const m of messages) published.inc({ topic: m.topic, type: m.event.type });
    },
  };
}

/** Dead letters this process sent, by source topic and reason (`dlq-reason`). */
export function deadLetterCounter(metrics: Metrics): (topic: string, reason: string) => void {
  const counter = metrics.counter({
    name: 'dead_letters_total',
    help: 'Messages this consumer sent to a dead-letter topic, by source topic and reason',
    labelNames: ['topic', 'reason'] as const,
  });
  return (topic, reason) => counter.inc({ topic, reason });
}

/**
 * Consumer lag per topic and partition, and what each dead-letter topic holds, read from the broker every
 * LAG_REFRESH_MS; a failed read leaves the last values and logs at debug (readiness reports a broker that is down).
 */
export function consumerLagMetrics(
  metrics: Metrics,
  offsets: { read(): Promise<ConsumerOffsets> },
  logger: Logger,
  intervalMs = LAG_REFRESH_MS,
): { stop(): void } {
  const lag = metrics.gauge({
    name: 'kafka_consumer_lag',
    help: 'Messages on a partition the consumer group has not committed yet',
    labelNames: ['topic', 'partition'] as const,
  });
  const committed = metrics.gauge({
    name: 'kafka_consumer_committed_offset',
    help: "The consumer group's committed offset on a partition",
    labelNames: ['topic', 'partition'] as const,
  });
  const deadLetters = metrics.gauge({
    name: 'kafka_dead_letter_messages',
    help: 'Messages kept in a dead-letter topic of the topics this service consumes',
    labelNames: ['topic'] as const,
  });
  const refresh = async () => {
    try {
      const read = await offsets.read();
      for (const p of read.lag) {
        const labels = { topic: p.topic, partition: String(p.partition) };
        lag.set(labels, p.lag);
        committed.set(labels, p.committed);
      }
      for (const d of read.deadLetters) deadLetters.set({ topic: d.topic }, d.messages);
    } catch (error) {
      logger.debug({ err: (error as Error).message }, 'could not read consumer offsets');
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
