import { canRestartKafka, eventually, restartKafka } from '@seminarwerk/testing';
import { describe, expect, inject, it } from 'vitest';
// restartKafka() is "SIGKILL, then start again"; to commit while the broker is really down we need
// the two halves separately, so kill it with the same function restartKafka uses first.
import { stopBroker } from '../../../infra/kafka/broker.mjs';
import { collect, commitEvent, eventStoreDatabase, freshTopic, startRelay, testKafka, unique, unpublishedCount } from './helpers.ts';

const KEYS = 4;
const EVENTS = 20;

describe('outbox relay and a broker crash', () => {
  // Only a broker this test run started locally can be crashed; with Docker or an external
  // broker (KAFKA_BROKERS from the environment) there is nothing we may kill.
  it.skipIf(!canRestartKafka())(
    'publishes everything committed while the broker was down, in order per key',
    { timeout: 180_000 },
    async () => {
      const { url, pool } = await eventStoreDatabase('outbox_broker_restart');
      const kafka = testKafka();
      const topic = await freshTopic(kafka);
      const { relay } = await startRelay(kafka, url, { backoff: { initialMs: 50, maxMs: 1000 } });
      const keys = Array.from({ length: KEYS }, () => unique('order'));
      // Warm up: the producer is connected and knows the topic before the crash.
      const warmUp = await commitEvent(pool, topic, keys[0] as string, { n: -1 });
      await relay.idle();
      expect(await unpublishedCount(pool)).toBe(0);

      const dataDir = inject('kafkaDataDir');
      if (dataDir === null) throw new Error('no local Kafka data dir');
      await stopBroker(dataDir, { signal: 'SIGKILL' });
      const committed = new Map<string, string[]>(keys.map((k) => [k, []]));
      try {
        for (let n = 0; n < EVENTS; n++) {
          const key = keys[n % KEYS] as string;
          const event = await commitEvent(pool, topic, key, { n });
          committed.get(key)?.push(event.id);
        }
        // Nothing can be acknowledged by a dead broker, so nothing may be marked published.
        expect(await unpublishedCount(pool)).toBe(EVENTS);
      } finally {
        await restartKafka(); // whatever happened: the other test files share this broker
      }

      await eventually(async () => expect(await unpublishedCount(pool)).toBe(0), { timeoutMs: 120_000, intervalMs: 250 });
      const received = await collect(kafka, topic);
      await eventually(
        () => {
          for (const key of keys) {
            // First arrival per id: a retried send may legitimately duplicate, never lose or reorder.
            const ofKey = received.filter((r) => r.key === key && r.event.id !== warmUp.id);
            expect([...new Set(ofKey.map((r) => r.event.id))]).toEqual(committed.get(key));
          }
        },
        { timeoutMs: 60_000 },
      );
    },
  );
});
