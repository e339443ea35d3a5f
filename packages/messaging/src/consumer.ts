import { type CloudEvent, deadLetterTopic, type EventSubscription } from '@seminarwerk/contracts';
import { type Logger, withTrace } from '@seminarwerk/logging';
import { type Batch, type Consumer, type IHeaders, type Kafka, type KafkaMessage, Partitioners, type Producer } from 'kafkajs';
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
  /**
   * Handles several valid events of one partition, in order, in one go (the inbox's one transaction), calling
   * `around` for each event's part. Without it, or when it fails, each event is handled alone by its subscription.
   */
  handleMany?: (events: readonly CloudEvent[], around: (event: CloudEvent, work: () => Promise<void>) => Promise<void>) => Promise<void>;
  /** At most this many events per `handleMany` call (default 100). */
  maxBatch?: number;
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
 * runs the subscription (the inbox: event id recorded and effect applied in one transaction); consecutive valid
 * events of a fetched batch together through `handleMany` when given (one transaction for up to `maxBatch`). The
 * offset is committed only after they returned. Invalid messages, and messages whose handling failed
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
  const maxBatch = options.maxBatch ?? 100;
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

  /** The message's event, valid and subscribed to; undefined when it went to the dead letters or nobody subscribed. */
  async function eventOf(topic: string, partition: number, message: KafkaMessage): Promise<CloudEvent | undefined> {
    const parsed = parseCloudEvent(message.value);
    if (!parsed.ok) {
      await deadLetter(topic, partition, message, parsed.reason, parsed.detail);
      return undefined;
    }
    const event = parsed.event;
    const subscription = subscriptions.get(event.type);
    if (!subscription) return undefined;
    const data = subscription.contract.data.safeParse(event.data);
    if (!data.success) {
      await deadLetter(topic, partition, message, 'invalid-data', summarise(data.error.issues));
      return undefined;
    }
    event.data = data.data;
    return event;
  }

  const traceOf = (event: CloudEvent) => ({ correlationId: event.correlationid ?? event.id, causationId: event.id });
  const handled = (topic: string, partition: number, message: KafkaMessage, event: CloudEvent) =>
    // One line per event handled, with the correlation id (the logger's mixin): a registration's trail in every service.
    log.info({ topic, partition, offset: message.offset, type: event.type, eventId: event.id }, 'event handled');

  /** One event alone, retried with backoff, dead-lettered after `maxAttempts`. */
  async function handleAlone(topic: string, partition: number, message: KafkaMessage, event: CloudEvent): Promise<void> {
    const subscription = subscriptions.get(event.type);
    if (!subscription) return;
    const trace = traceOf(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await withTrace(trace, async () => {
          await subscription.handle(event);
          handled(topic, partition, message, event);
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

  type Pending = { message: KafkaMessage; event: CloudEvent };
  /** Valid events of one partition handled together; when that fails, one by one (retries, dead letters). */
  async function handleTogether(topic: string, partition: number, pending: readonly Pending[]): Promise<void> {
    const handleMany = options.handleMany;
    if (handleMany && pending.length > 1) {
      const byEvent = new Map(pending.map((p) => [p.event, p.message]));
      try {
        await handleMany(
          pending.map((p) => p.event),
          (event, work) =>
            withTrace(traceOf(event), async () => {
              await work();
              handled(topic, partition, byEvent.get(event) as KafkaMessage, event);
            }),
        );
        return;
      } catch (error) {
        log.warn(
          { topic, partition, events: pending.length, err: (error as Error).message },
          'batch failed; handling its events one by one',
        );
      }
    }
    for (const { message, event } of pending) await handleAlone(topic, partition, message, event);
  }

  /**
   * A fetched batch of one partition, in order: runs of valid events handled together (up to `maxBatch`), a message
   * for the dead letters or for nobody in between. Offsets are resolved only behind what was handled, and the
   * consumer stops early when a rebalance took the partition (the rest comes again, and the inbox absorbs repeats).
   */
  async function handleBatch(
    batch: Batch,
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
    running: () => boolean,
  ) {
    const { topic, partition } = batch;
    let pending: Pending[] = [];
    const flush = async () => {
      if (pending.length === 0) return;
      const last = pending[pending.length - 1] as Pending;
      await handleTogether(topic, partition, pending);
      resolveOffset(last.message.offset);
      pending = [];
      await heartbeat();
    };
    for (const message of batch.messages) {
      if (!running()) break;
      const event = await eventOf(topic, partition, message);
      if (event) {
        pending.push({ message, event });
        if (pending.length >= maxBatch) await flush();
        continue;
      }
      await flush();
      resolveOffset(message.offset);
    }
    if (running()) await flush();
  }

  // Not awaited: `run` resolves only after the join. A join that fails for good comes out as a CRASH (above).
  consumer
    .run({
      eachBatchAutoResolve: false,
      eachBatch: ({ batch, resolveOffset, heartbeat, isRunning, isStale }) =>
        handleBatch(batch, resolveOffset, heartbeat, () => isRunning() && !isStale()),
    })
    .catch((error: Error) => {
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
