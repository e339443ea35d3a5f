import type { EventMessage, EventPublisher, EventSubscription } from '@seminarwerk/contracts';
import type { Metrics } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import {
  brokerCheck,
  type ConsumerOptions,
  consumerOffsets,
  createKafka,
  createPublisher,
  ensureTopics,
  startConsumer,
} from '@seminarwerk/messaging';
import { startOutboxRelay } from '@seminarwerk/postgres';
import { consumerLagMetrics, deadLetterCounter } from './metrics.ts';

export interface EventPlumbingOptions {
  service: string;
  databaseUrl: string;
  kafkaBrokers: string;
  logger: Logger;
  /** Prefix of topics and the consumer group (KAFKA_NAMESPACE); empty in production. */
  namespace?: string;
  /** Topics this service publishes to (created if missing, with their dead-letter topics). */
  publishes: readonly string[];
  consumes?: { topics: readonly string[]; subscriptions: readonly EventSubscription[]; handleMany?: ConsumerOptions['handleMany'] };
  /** The consumer's group session (KAFKA_SESSION_TIMEOUT_MS, KAFKA_HEARTBEAT_INTERVAL_MS). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** `retention.ms` of the topics (default: messaging's DEFAULT_RETENTION_MS, 14 days). */
  retentionMs?: number;
  /** Where consumer lag and dead letters are counted; `onPublished` counts what the relay published. */
  metrics?: Metrics;
  onPublished?: (messages: readonly EventMessage[]) => void;
}

/**
 * Everything between a service's database and Kafka: the outbox relay publishing what the
 * service committed, and the inbox consumer for what it reacts to.
 */
export async function startEventPlumbing(options: EventPlumbingOptions) {
  const { service, logger } = options;
  const ns = (topic: string) => `${options.namespace ?? ''}${topic}`;
  const kafka = createKafka({ brokers: options.kafkaBrokers.split(','), clientId: service, logger });
  const topics = [...options.publishes, ...(options.consumes?.topics ?? [])].map(ns);
  await duringStartup('creating topics', logger, () => ensureTopics(kafka, topics, { retentionMs: options.retentionMs }));
  const kafkaPublisher = await duringStartup('connecting the producer', logger, () => createPublisher(kafka));
  const publisher: EventPublisher = {
    publish: (messages) => kafkaPublisher.publish(messages.map((m) => ({ ...m, topic: ns(m.topic) }))),
  };
  // A service that publishes nothing needs no relay (and no connections for it).
  const relay =
    options.publishes.length > 0
      ? startOutboxRelay({
          databaseUrl: options.databaseUrl,
          publisher,
          logger: logger.child({ component: 'outbox-relay' }),
          onPublished: options.onPublished,
        })
      : undefined;
  const consumes = options.consumes;
  const metrics = options.metrics;
  const consumer = consumes
    ? await duringStartup('starting the consumer', logger, () =>
        startConsumer({
          kafka,
          groupId: ns(service),
          logger,
          topics: consumes.topics.map(ns),
          subscriptions: consumes.subscriptions,
          handleMany: consumes.handleMany,
          onDeadLetter: metrics ? deadLetterCounter(metrics) : undefined,
          sessionTimeoutMs: options.sessionTimeoutMs,
          heartbeatIntervalMs: options.heartbeatIntervalMs,
        }),
      )
    : undefined;
  const offsets = consumes && metrics ? consumerOffsets(kafka, ns(service), consumes.topics.map(ns)) : undefined;
  const lag = offsets && metrics ? consumerLagMetrics(metrics, offsets, logger) : undefined;
  const broker = brokerCheck(kafka);
  return {
    relay,
    /**
     * The consumer's first group join, awaited by nobody at start-up (it may wait out a killed member's session);
     * rejects when the consumer cannot join at all.
     */
    consumerJoined: consumer?.joined ?? Promise.resolve(),
    /** Readiness: the broker answers, and the consumer (if any) is in its group. */
    async kafkaReady() {
      const problem = consumer?.problem();
      if (problem) throw new Error(problem);
      await broker.check();
    },
    /**
     * The consumer finishes its batch in flight and commits its offsets, the relay its batch in flight (published and
     * marked, or rolled back to be published again); then the producer disconnects.
     */
    async stop() {
      lag?.stop();
      await Promise.all([consumer?.stop(), relay?.stop(), offsets?.stop()]);
      await kafkaPublisher.disconnect();
      await broker.stop();
    },
  };
}

/**
 * A fresh broker answers some requests with retriable errors for a few seconds (coordinator
 * loading, topic metadata not yet everywhere). Start-up retries instead of dying.
 */
async function duringStartup<T>(step: string, logger: Logger, fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn({ step, attempt, err: (error as Error).message }, 'Kafka not ready during start-up; retrying');
      await new Promise((r) => setTimeout(r, Math.min(250 * attempt, 2000)));
    }
  }
}
