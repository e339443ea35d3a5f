import { deadLetterTopic } from '@seminarwerk/contracts';
import kafkajs, { type Admin, type Kafka } from 'kafkajs';

// Not among the names Node finds in KafkaJS's CommonJS exports: taken from the default export.
const { ConfigResourceTypes } = kafkajs;

/** How long the broker keeps a message unless told otherwise: 14 days (docs/privacy.md, decisions.md 116). */
export const DEFAULT_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;

export interface TopicSettings {
  numPartitions?: number;
  /** `retention.ms` of every topic and its dead-letter topic, set explicitly, never the broker's default. */
  retentionMs?: number;
}

/**
 * Creates the topics and their dead-letter topics if missing, each with an explicit `retention.ms`, sets that
 * retention on those that exist without it (or with another), and waits until every partition has a leader.
 * Idempotent, and safe when several services create the same topics at once.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], settings: TopicSettings = {}): Promise<void> {
  const numPartitions = settings.numPartitions ?? 3;
  const retention = String(settings.retentionMs ?? DEFAULT_RETENTION_MS);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [...new Set(topics.flatMap((t) => [t, deadLetterTopic(t)]))];
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions,
            replicationFactor: 1,
            configEntries: [{ name: 'retention.ms', value: retention }],
          })),
        });
      } catch (error) {
        if (!onlyAlreadyExists(error)) throw error;
      }
    }
    await waitForLeaders(admin, wanted);
    await setRetention(
      admin,
      wanted.filter((t) => existing.has(t)),
      retention,
    );
  } finally {
    await admin.disconnect();
  }
}

/** `retention.ms` on topics made before it was set explicitly, or with another value; their only topic-level setting. */
async function setRetention(admin: Admin, topics: string[], retention: string): Promise<void> {
  if (topics.length === 0) return;
  const { resources } = await admin.describeConfigs({
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
    includeSynonyms: false,
  });
  const differing = resources
    .filter((r) => r.configEntries.find((e) => e.configName === 'retention.ms')?.configValue !== retention || isDefault(r))
    .map((r) => r.resourceName);
  if (differing.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: differing.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configEntries: [{ name: 'retention.ms', value: retention }],
    })),
  });
}

const isDefault = (resource: { configEntries: { configName: string; isDefault: boolean }[] }) =>
  resource.configEntries.find((e) => e.configName === 'retention.ms')?.isDefault !== false;

function onlyAlreadyExists(error: unknown): boolean {
  const errors = (error as { errors?: { type?: string }[] }).errors;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS');
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`Topics have no leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * One admin client kept connected between uses (no connection per probe or scrape) that does not retry, so a broker
 * that is down fails at once instead of after KafkaJS's retries; after a failure the next use connects anew.
 */
export function keptAdmin(kafka: Kafka) {
  let admin: Admin | undefined;
  return {
    async use<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
      admin ??= kafka.admin({ retry: { retries: 0 } });
      try {
        await admin.connect();
        return await work(admin);
      } catch (error) {
        const failed = admin;
        admin = undefined;
        await failed?.disconnect().catch(() => {});
        throw error;
      }
    },
    async stop() {
      await admin?.disconnect().catch(() => {});
      admin = undefined;
    },
  };
}

/** The broker as a readiness check, on a kept admin client. */
export function brokerCheck(kafka: Kafka): { check(): Promise<{ brokers: number }>; stop(): Promise<void> } {
  const admin = keptAdmin(kafka);
  return {
    check: () => admin.use(async (client) => ({ brokers: (await client.describeCluster()).brokers.length })),
    stop: () => admin.stop(),
  };
}

/** Resolves when a broker answers metadata requests. */
export async function describeCluster(kafka: Kafka): Promise<{ brokers: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length };
  } finally {
    await admin.disconnect();
  }
}
