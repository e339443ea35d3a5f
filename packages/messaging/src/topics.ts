import { deadLetterTopic } from '@seminarwerk/contracts';
import type { Admin, Kafka } from 'kafkajs';

/**
 * Creates the topics and their dead-letter topics if missing, and waits until every partition has
 * a leader. Idempotent, and safe when several services create the same topics at once.
 */
export async function ensureTopics(kafka: Kafka, topics: readonly string[], numPartitions = 3): Promise<void> {
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
          topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
        });
      } catch (error) {
        if (!onlyAlreadyExists(error)) throw error;
      }
    }
    await waitForLeaders(admin, wanted);
  } finally {
    await admin.disconnect();
  }
}

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
 * The broker as a readiness check: one admin client kept connected (no connection per probe) that does not retry, so
 * a broker that is down fails the check at once instead of after KafkaJS's retries.
 */
export function brokerCheck(kafka: Kafka): { check(): Promise<{ brokers: number }>; stop(): Promise<void> } {
  let admin: Admin | undefined;
  return {
    async check() {
      admin ??= kafka.admin({ retry: { retries: 0 } });
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        return { brokers: cluster.brokers.length };
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
