import { deadLetterTopic } from '@seminarwerk/contracts';
import type { Kafka } from 'kafkajs';
import { keptAdmin } from './topics.ts';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (-1: nothing committed yet). */
  committed: number;
  /** The partition's high watermark: the offset the next message will get. */
  highWatermark: number;
  /** How many messages the group has not committed yet. */
  lag: number;
}

export interface ConsumerOffsets {
  /** Lag of the group on each partition of its topics. */
  lag: PartitionLag[];
  /** Messages held in each `<topic>.dlq` of the group's topics (high watermark minus the earliest offset kept). */
  deadLetters: { topic: string; messages: number }[];
}

/**
 * Where a consumer group stands, from the broker: its committed offsets against each partition's high watermark
 * (what `kafka-consumer-groups --describe` shows). One admin client, kept connected between calls.
 */
export function consumerOffsets(kafka: Kafka, groupId: string, topics: readonly string[]) {
  const admin = keptAdmin(kafka);
  return {
    read: (): Promise<ConsumerOffsets> =>
      admin.use(async (client) => {
        const committed = await client.fetchOffsets({ groupId, topics: [...topics] });
        const lag: PartitionLag[] = [];
        for (const { topic, partitions } of committed) {
          const ends = new Map((await client.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
          for (const { partition, offset } of partitions) {
            const end = ends.get(partition);
            if (!end) continue;
            const high = Number(end.high);
            const done = Number(offset);
            // Nothing committed yet: the group starts from the beginning (fromBeginning), so all it keeps is owed.
            lag.push({
              topic,
              partition,
              committed: done,
              highWatermark: high,
              lag: Math.max(0, high - (done < 0 ? Number(end.low) : done)),
            });
          }
        }
        const deadLetters = await Promise.all(
          topics.map(async (topic) => {
            const dlq = deadLetterTopic(topic);
            const offsets = await client.fetchTopicOffsets(dlq);
            return { topic: dlq, messages: offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0) };
          }),
        );
        return { lag, deadLetters };
      }),
    stop: () => admin.stop(),
  };
}
