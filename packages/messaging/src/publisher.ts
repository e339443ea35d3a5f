import type { EventMessage, EventPublisher } from '@seminarwerk/contracts';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { toKafkaMessage } from './wire.ts';

export interface KafkaPublisher extends EventPublisher {
  disconnect(): Promise<void>;
}

/**
 * Idempotent producer with acks from all in-sync replicas. `publish` resolves only when Kafka has
 * the messages, so the outbox relay marks rows published only after that.
 */
export async function createPublisher(kafka: Kafka): Promise<KafkaPublisher> {
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return {
    async publish(messages: readonly EventMessage[]) {
      const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
      for (const m of messages) {
        const list = byTopic.get(m.topic) ?? [];
        list.push(toKafkaMessage(m.key, m.event));
        byTopic.set(m.topic, list);
      }
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
    },
    disconnect: () => producer.disconnect(),
  };
}
