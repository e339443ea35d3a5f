import { randomBytes } from 'node:crypto';
import { deadLetterTopic } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { ConfigResourceTypes } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka, DEFAULT_RETENTION_MS, ensureTopics } from '../src/index.ts';

const kafka = createKafka({
  brokers: inject('kafkaBrokers').split(','),
  clientId: 'topics-test',
  logger: createLogger('topics-test', 'silent'),
});
const admin = kafka.admin();
afterAll(() => admin.disconnect());
const unique = () => `test.retention.${randomBytes(5).toString('hex')}`;

/** retention.ms as set on the topic itself (undefined: the broker's default applies). */
async function topicRetention(topics: string[]): Promise<Record<string, string | undefined>> {
  await admin.connect();
  const { resources } = await admin.describeConfigs({
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
    includeSynonyms: false,
  });
  return Object.fromEntries(
    resources.map((r) => {
      const entry = r.configEntries.find((e) => e.configName === 'retention.ms');
      return [r.resourceName, entry && !entry.isDefault ? entry.configValue : undefined];
    }),
  );
}

describe('topic retention', () => {
  it('creates every topic and its dead-letter topic with an explicit retention.ms', async () => {
    const topic = unique();
    await ensureTopics(kafka, [topic], { retentionMs: 3 * 86_400_000 });
    expect(await topicRetention([topic, deadLetterTopic(topic)])).toEqual({
      [topic]: '259200000',
      [deadLetterTopic(topic)]: '259200000',
    });
  });

  it('sets the retention on topics that were created without one, and changes one that differs', async () => {
    const topic = unique();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: 1 }] });
    expect((await topicRetention([topic]))[topic]).toBeUndefined();

    await ensureTopics(kafka, [topic]);
    expect(await topicRetention([topic, deadLetterTopic(topic)])).toEqual({
      [topic]: String(DEFAULT_RETENTION_MS),
      [deadLetterTopic(topic)]: String(DEFAULT_RETENTION_MS),
    });

    await ensureTopics(kafka, [topic], { retentionMs: 86_400_000 });
    expect((await topicRetention([topic]))[topic]).toBe('86400000');
  });
});
