/**
 * What is still on its way: unpublished outbox rows, consumer lag, mails not yet delivered. The system has caught up
 * when all of it is zero.
 */
import { deadLetterTopic, Topics } from '@seminarwerk/contracts';
import type { Kafka } from '@seminarwerk/messaging';
import type pg from 'pg';

export type Databases = Record<'catalogue' | 'registration' | 'invoicing' | 'notification', pg.Pool>;

/** Which topics each consumer group reads (the services' main.ts). */
export const CONSUMED: Record<keyof Databases, readonly string[]> = {
  catalogue: [Topics.registration],
  registration: [Topics.catalogue],
  invoicing: [Topics.registration],
  notification: [Topics.registration, Topics.invoicing],
};

export interface Backlog {
  /** Unpublished outbox rows per service. */
  outbox: Record<string, number>;
  /** Messages not yet consumed, per `group/topic`. */
  lag: Record<string, number>;
  pendingMails: number;
}

export const total = (backlog: Backlog) =>
  Object.values(backlog.outbox).reduce((a, b) => a + b, 0) + Object.values(backlog.lag).reduce((a, b) => a + b, 0) + backlog.pendingMails;

export async function measureBacklog(databases: Databases, kafka: Kafka, namespace: string): Promise<Backlog> {
  const outbox: Record<string, number> = {};
  for (const [service, db] of Object.entries(databases)) {
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    outbox[service] = rows[0]?.n ?? 0;
  }
  const { rows } = await databases.notification.query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'");
  return { outbox, lag: await consumerLag(kafka, namespace), pendingMails: rows[0]?.n ?? 0 };
}

async function consumerLag(kafka: Kafka, namespace: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const lag: Record<string, number> = {};
    for (const [service, topics] of Object.entries(CONSUMED)) {
      const groupId = `${namespace}${service}`;
      const committed = await admin.fetchOffsets({ groupId, topics: topics.map((t) => namespace + t) });
      for (const { topic, partitions } of committed) {
        const ends = await admin.fetchTopicOffsets(topic);
        let behind = 0;
        for (const end of ends) {
          const at = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          behind += Math.max(0, Number(end.high) - Math.max(at, Number(end.low)));
        }
        lag[`${service}/${topic.slice(namespace.length)}`] = behind;
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** Messages in each dead-letter topic of the system, by topic. */
export async function deadLetters(kafka: Kafka, namespace: string): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const counts: Record<string, number> = {};
    const existing = await admin.listTopics();
    for (const topic of Object.values(Topics)) {
      const dlq = namespace + deadLetterTopic(topic);
      if (!existing.includes(dlq)) continue;
      const offsets = await admin.fetchTopicOffsets(dlq);
      counts[deadLetterTopic(topic)] = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
    }
    return counts;
  } finally {
    await admin.disconnect();
  }
}

/** Waits until nothing is on its way any more; the backlog last seen when the deadline passes. */
export async function waitUntilCaughtUp(
  databases: Databases,
  kafka: Kafka,
  namespace: string,
  timeoutMs: number,
): Promise<{ caughtUp: boolean; ms: number; backlog: Backlog | string }> {
  const started = Date.now();
  let last: Backlog | string = 'not measured';
  while (Date.now() - started < timeoutMs) {
    try {
      last = await measureBacklog(databases, kafka, namespace);
      if (total(last) === 0) return { caughtUp: true, ms: Date.now() - started, backlog: last };
    } catch (error) {
      last = (error as Error).message; // the broker or a database may still be coming back
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { caughtUp: false, ms: Date.now() - started, backlog: last };
}
