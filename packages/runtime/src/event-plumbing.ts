import type { Logger } from '@seminarwerk/logging';
import { createKafka, createPublisher, describeCluster, type EventHandler, ensureTopics, startConsumer } from '@seminarwerk/messaging';
import { startOutboxRelay } from '@seminarwerk/postgres';

export interface EventPlumbingOptions {
  service: string;
  databaseUrl: string;
  kafkaBrokers: string;
  logger: Logger;
  /** Topics this service publishes to (created if missing, with their dead-letter topics). */
  publishes: readonly string[];
  consumes?: { topics: readonly string[]; handlers: Record<string, EventHandler> };
}

/**
 * Everything between a service's database and Kafka: the outbox relay publishing what the
 * service committed, and the inbox consumer for what it reacts to.
 */
export async function startEventPlumbing(options: EventPlumbingOptions) {
  const { service, logger } = options;
  const kafka = createKafka({ brokers: options.kafkaBrokers.split(','), clientId: service, logger });
  await ensureTopics(kafka, [...options.publishes, ...(options.consumes?.topics ?? [])]);
  const publisher = await createPublisher(kafka);
  const relay = startOutboxRelay({ databaseUrl: options.databaseUrl, publisher, logger: logger.child({ component: 'outbox-relay' }) });
  const consumer = options.consumes ? await startConsumer({ kafka, groupId: service, logger, ...options.consumes }) : undefined;
  return {
    relay,
    kafkaReady: () => describeCluster(kafka),
    async stop() {
      await consumer?.stop();
      await relay.stop();
      await publisher.disconnect();
    },
  };
}
