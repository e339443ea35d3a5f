import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@seminarwerk/contracts';
import { type IHeaders, type Kafka, Partitioners } from 'kafkajs';

/** One message in a `<topic>.dlq`, as the consumer that gave up on it left it (consumer.ts `deadLetter`). */
export interface DeadLetter {
  /** `<source topic>:<partition>:<offset>` of the message in the dead-letter topic: what `show` and `replay` take. */
  id: string;
  deadLetterTopic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** The original headers, without the `dlq-*` ones. */
  headers: Record<string, string>;
  reason: string;
  detail: string;
  sourceTopic: string;
  sourcePartition: string;
  sourceOffset: string;
  consumer: string;
  /** The CloudEvents type and id, when the value is a readable envelope. */
  eventType?: string;
  eventId?: string;
  /** When it was dead-lettered (the message's timestamp in the DLQ). */
  at: Date;
}

/** The header a replayed message carries: where it came from (`<dlq topic>:<partition>:<offset>`). */
export const REPLAYED_FROM_HEADER = 'dlq-replayed-from';

const text = (value: Buffer | string | (Buffer | string)[] | undefined) =>
  value === undefined ? '' : Array.isArray(value) ? value.map(String).join(',') : value.toString();

/**
 * Every message now in the dead-letter topics of `topics` (up to their high watermarks when called), read by a
 * throwaway consumer group that is deleted afterwards: reading does not move anyone's offsets.
 */
export async function readDeadLetters(kafka: Kafka, topics: readonly string[], timeoutMs = 60_000): Promise<DeadLetter[]> {
  const dlqs = topics.map(deadLetterTopic);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `dead-letter-reader-${randomUUID()}`;
  try {
    const remaining = new Map<string, number>();
    for (const dlq of dlqs) {
      for (const p of await admin.fetchTopicOffsets(dlq)) {
        if (Number(p.high) > Number(p.low)) remaining.set(`${dlq}:${p.partition}`, Number(p.high));
      }
    }
    if (remaining.size === 0) return [];
    const letters: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: dlqs, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`dead letters not read within ${timeoutMs} ms`)), timeoutMs);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const end = remaining.get(`${topic}:${partition}`);
              if (end === undefined || Number(message.offset) >= end) return;
              letters.push(deadLetterOf(topic, partition, message));
              if (Number(message.offset) + 1 >= end) remaining.delete(`${topic}:${partition}`);
              if (remaining.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return letters.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => {});
    await admin.disconnect();
  }
}

function deadLetterOf(
  topic: string,
  partition: number,
  message: { offset: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders; timestamp: string },
): DeadLetter {
  const all = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, text(v)]));
  const headers = Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('dlq-')));
  const sourceTopic = all['dlq-source-topic'] ?? topic.replace(/\.dlq$/, '');
  let envelope: { type?: unknown; id?: unknown } = {};
  try {
    envelope = JSON.parse(message.value?.toString('utf8') ?? 'null') ?? {};
  } catch {
    // invalid-json: shown as it is
  }
  return {
    id: `${sourceTopic}:${partition}:${message.offset}`,
    deadLetterTopic: topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value,
    headers,
    reason: all['dlq-reason'] ?? '',
    detail: all['dlq-detail'] ?? '',
    sourceTopic,
    sourcePartition: all['dlq-source-partition'] ?? '',
    sourceOffset: all['dlq-source-offset'] ?? '',
    consumer: all['dlq-consumer'] ?? '',
    ...(typeof envelope.type === 'string' ? { eventType: envelope.type } : {}),
    ...(typeof envelope.id === 'string' ? { eventId: envelope.id } : {}),
    at: new Date(Number(message.timestamp)),
  };
}

/**
 * Puts dead letters back on their source topic, each with its original key (so it lands on the same partition, in
 * order with its key's later messages) and headers, plus `dlq-replayed-from`; `value` replaces a message's value
 * (a corrected payload). Every consumer group of the topic sees it again: those that handled the event before find
 * its id in their inbox and do nothing, so a replay takes effect once however often it is done.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  letters: readonly DeadLetter[],
  value: (letter: DeadLetter) => Buffer | string | null = (letter) => letter.value,
): Promise<void> {
  if (letters.length === 0) return;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const letter of letters) {
      await producer.send({
        topic: letter.sourceTopic,
        acks: -1,
        messages: [
          {
            key: letter.key,
            value: value(letter),
            headers: { ...letter.headers, [REPLAYED_FROM_HEADER]: `${letter.deadLetterTopic}:${letter.partition}:${letter.offset}` },
          },
        ],
      });
    }
  } finally {
    await producer.disconnect();
  }
}
