import { randomUUID } from 'node:crypto';
import type { CloudEvent, EventMessage } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { createKafka, createPublisher } from '@seminarwerk/messaging';
import { provided } from './context.ts';
import { eventually } from './eventually.ts';

export interface ReceivedEvent {
  topic: string;
  key: string;
  event: CloudEvent<string, any>;
}

const logger = createLogger('test-kafka', process.env.TEST_LOG_LEVEL ?? 'silent');
const kafka = () => createKafka({ brokers: provided('kafkaBrokers').split(','), clientId: 'test', logger });

/**
 * Every message on `topics` from the beginning, in arrival order, for as long as the test file runs. Topics
 * of one key arrive in order, so "nothing else happened" is shown by a later sentinel event on the same key.
 */
export async function collectEvents(topics: readonly string[]) {
  const consumer = kafka().consumer({ groupId: `test-collector-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const received: ReceivedEvent[] = [];
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      received.push({ topic, key: message.key?.toString() ?? '', event: JSON.parse(message.value?.toString() ?? 'null') });
    },
  });
  await joined;
  return {
    received,
    /** The events with `key` (the aggregate id), in order, once `until` holds for them. */
    async of(key: string, until: (events: CloudEvent<string, any>[]) => boolean = (e) => e.length > 0, timeoutMs = 30_000) {
      return eventually(
        () => {
          const events = received.filter((r) => r.key === key).map((r) => r.event);
          if (!until(events)) throw new Error(`${events.length} events for ${key} so far: ${events.map((e) => e.type).join(', ')}`);
          return events;
        },
        { timeoutMs },
      );
    },
    stop: () => consumer.disconnect(),
  };
}
export type EventCollector = Awaited<ReturnType<typeof collectEvents>>;

/** Publishes as another service's outbox relay would (topics already carry their namespace). */
export async function eventPublisher() {
  const publisher = await createPublisher(kafka());
  return {
    publish: (messages: readonly EventMessage[]) => publisher.publish(messages),
    stop: () => publisher.disconnect(),
  };
}
