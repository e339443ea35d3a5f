import { deadLetterTopic, type EventSubscription } from '@seminarwerk/contracts';
import { type Logger, withTrace } from '@seminarwerk/logging';
import { type Consumer, type IHeaders, type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';
import { parseCloudEvent, summarise } from './wire.ts';

export interface ConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: readonly string[];
  /** What to do per CloudEvents type (built by the inbox). Types nobody subscribed to are skipped: topics carry many types. */
  subscriptions: readonly EventSubscription[];
  logger: Logger;
  /** Attempts per message before it goes to the dead-letter topic. */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Told of every message this consumer dead-letters (metrics). */
  onDeadLetter?: (topic: string, reason: string) => void;
  /**
   * How long the group waits for a member that stopped heartbeating (e.g. killed) before giving its partitions to
   * others, and how often a member heartbeats. Defaults 10 s and 3 s: a restarted service's events resume sooner.
   */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

export interface RunningConsumer {
  /**
   * Lets the batch in flight finish (each message's handler, its inbox transaction), commits the offsets of what was
   * handled, leaves the group and disconnects.
   */
  stop(): Promise<void>;
  /** Why the consumer is not consuming (not yet in its group, crashed, lost its connection), or undefined while it is fine. */
  problem(): string | undefined;
  /**
   * Settles when the consumer has first joined its group (which may wait out a killed member's session timeout), or
   * rejects when it cannot join at all (a crash KafkaJS does not restart). Never rejects after `stop()`.
   */
  joined: Promise<void>;
}

/**
 * Consumes CloudEvents, validates the envelope and the data against the subscription's contract, and
 * runs the subscription (the inbox: event id recorded and effect applied in one transaction). The
 * offset is committed only after it returned. Invalid messages, and messages whose handling failed
 * `maxAttempts` times, go to `<topic>.dlq` with the reason in headers; the consumer carries on.
 *
 * It returns once connected and subscribed, without waiting for the group join (`joined`): the service can serve
 * HTTP meanwhile, with readiness saying the consumer is not in its group yet.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { kafka, groupId, logger } = options;
  const subscriptions = new Map(options.subscriptions.map((s) => [s.contract.type, s]));
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const log = logger.child({ consumer: groupId });
  const deadLetters: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await deadLetters.connect();
  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 10_000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3000,
  });
  // KafkaJS restarts a crashed consumer itself (restart: true) and rejoins the group; until it has, it consumes nothing.
  let problem: string | undefined = 'consumer not yet in its group';
  let stopped = false;
  let join!: { resolve: () => void; reject: (error: Error) => void };
  const joined = new Promise<void>((resolve, reject) => {
    join = { resolve, reject };
  });
  joined.catch(() => {}); // handled by whoever awaits it; a caller that does not must not get an unhandled rejection
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    problem = `consumer crashed${payload.restart ? ' (restarting)' : ''}: ${payload.error.message}`;
    if (!payload.restart && !stopped) join.reject(payload.error);
  });
  consumer.on(consumer.events.DISCONNECT, () => {
    problem = 'consumer disconnected';
  });
  consumer.on(consumer.events.GROUP_JOIN, () => {
    problem = undefined;
    join.resolve();
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });

  async function deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string, detail: string) {
    const headers: IHeaders = {
      ...message.headers,
      'dlq-reason': reason,
      'dlq-detail': detail.slice(0, 1000),
      'dlq-source-topic': topic,
      'dlq-source-partition': String(partition),
      'dlq-source-offset': message.offset,
      'dlq-consumer': groupId,
    };
    await deadLetters.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
    log.warn({ topic, partition, offset: message.offset, reason, detail }, 'message sent to dead-letter topic');
    options.onDeadLetter?.(topic, reason);
  }

  async function handle(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const parsed = parseCloudEvent(message.value);
    if (!parsed.ok) return deadLetter(topic, partition, message, parsed.reason, parsed.detail);
    const event = parsed.event;
    const subscription = subscriptions.get(event.type);
    if (!subscription) return;
    const data = subscription.contract.data.safeParse(event.data);
    if (!data.success) return deadLetter(topic, partition, message, 'invalid-data', summarise(data.error.issues));
    event.data = data.data;
    const trace = { correlationId: event.correlationid ?? event.id, causationId: event.id };
    for (let attempt = 1; ; attempt++) {
      try {
        await withTrace(trace, async () => {
          await subscription.handle(event);
          // One line per event handled, with the correlation id (the logger's mixin): a registration's trail in every service.
          log.info({ topic, partition, offset: message.offset, type: event.type, eventId: event.id }, 'event handled');
        });
        return;
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        if (attempt >= maxAttempts) {
          return withTrace(trace, () => deadLetter(topic, partition, message, 'handler-failed', detail));
        }
        log.warn({ type: event.type, eventId: event.id, attempt, err: detail }, 'event handler failed; retrying');
        await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  // Not awaited: `run` resolves only after the join. A join that fails for good comes out as a CRASH (above).
  consumer.run({ eachMessage: ({ topic, partition, message }) => handle(topic, partition, message) }).catch((error: Error) => {
    if (!stopped) join.reject(error);
  });

  return {
    joined,
    async stop() {
      stopped = true;
      await consumer.disconnect();
      await deadLetters.disconnect();
    },
    problem: () => problem,
  };
}
