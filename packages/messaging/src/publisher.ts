import type { EventMessage, EventPublisher } from '@seminarwerk/contracts';
import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import { toKafkaMessage } from './wire.ts';

export interface KafkaPublisher extends EventPublisher {
  disconnect(): Promise<void>;
}

/**
 * Kafka's answers that mean the broker no longer knows this idempotent producer's sequence (after a broker restart,
 * say): the same producer would be refused forever, a new one gets a new producer id. Resending under a new id may
 * duplicate a message, which every consumer's inbox absorbs.
 */
const LOST_PRODUCER_STATE = new Set(['OUT_OF_ORDER_SEQUENCE_NUMBER', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH']);

/** Whether `error` (or the error it wraps, as kafkajs's retrier does) says the producer's state is lost. */
export function producerStateLost(error: unknown): boolean {
  for (let e = error as { type?: unknown; originalError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.type === 'string' && LOST_PRODUCER_STATE.has(e.type)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/**
 * Idempotent producer with acks from all in-sync replicas. `publish` resolves only when Kafka has
 * the messages, so the outbox relay marks rows published only after that. A producer whose state the broker lost is
 * replaced before the error goes to the caller, so the relay's next attempt can succeed.
 */
export async function createPublisher(kafka: Kafka): Promise<KafkaPublisher> {
  const newProducer = async () => {
    const producer: Producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return producer;
  };
  let producer = await newProducer();
  return {
    async publish(messages: readonly EventMessage[]) {
      const byTopic = new Map<string, ReturnType<typeof toKafkaMessage>[]>();
      for (const m of messages) {
        const list = byTopic.get(m.topic) ?? [];
        list.push(toKafkaMessage(m.key, m.event));
        byTopic.set(m.topic, list);
      }
      try {
        await producer.sendBatch({
          acks: -1,
          topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
        });
      } catch (error) {
        if (producerStateLost(error)) {
          await producer.disconnect().catch(() => {});
          producer = await newProducer();
        }
        throw error;
      }
    },
    disconnect: () => producer.disconnect(),
  };
}
