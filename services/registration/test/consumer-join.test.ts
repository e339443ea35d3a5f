/**
 * After a kill -9, a restarted service's consumer cannot join its group until the group has given up on the killed
 * member. The service serves HTTP meanwhile, with readiness saying `kafka` is down, and is ready once it has joined.
 */
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { cloudEvent, createKafka, ensureTopics, toKafkaMessage } from '@seminarwerk/messaging';
import { backOfficePrincipal, eventually, type ServiceUnderTest, startServiceUnderTest } from '@seminarwerk/testing';
import type { Consumer } from 'kafkajs';
import { afterEach, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startRegistration } from '../src/main.ts';
import { CONSUMER } from '../src/messaging/consumers.ts';

const kafka = createKafka({ brokers: inject('kafkaBrokers').split(','), clientId: 'join-test', logger: createLogger('test', 'warn') });
let service: ServiceUnderTest | undefined;
let holder: Consumer | undefined;
let release = () => {};

afterEach(async () => {
  release();
  await holder?.disconnect();
  await service?.stop();
});

/**
 * A member of `groupId` that holds every partition of `topic` and cannot rejoin: it is stuck handling a message until
 * `release`. A new member's join waits for it, as it would wait out a killed member's session.
 */
async function holdGroup(groupId: string, topic: string): Promise<Consumer> {
  await ensureTopics(kafka, [topic]);
  const producer = kafka.producer();
  await producer.connect();
  const event = cloudEvent({ type: 'test.group-held.v1', source: '/test', subject: 'held', data: {}, time: new Date() });
  await producer.send({ topic, messages: [toKafkaMessage('held', event)] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const handling = new Promise<void>((started) => {
    void consumer.run({
      eachMessage: async () => {
        started();
        await released;
      },
    });
  });
  await handling;
  return consumer;
}

const readiness = async (url: string) => {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as { down?: string[] } };
};

it('answers HTTP while its consumer waits to join the group, and is ready once it has joined', async () => {
  service = await startServiceUnderTest('registration', async (env) => {
    holder = await holdGroup(`${env.KAFKA_NAMESPACE}${CONSUMER}`, `${env.KAFKA_NAMESPACE}${Topics.catalogue}`);
    return startRegistration(loadConfig({ ...env }));
  });

  // Started (startServiceUnderTest returned) while the group is still held: routes answer, readiness says kafka.
  const list = await service.as(backOfficePrincipal()).get('/registrations?limit=1');
  expect(list.status).toBe(200);
  expect(await readiness(service.url)).toMatchObject({ status: 503, body: { down: ['kafka'] } });

  release();
  const url = service.url;
  await eventually(async () => expect((await readiness(url)).status).toBe(200), { timeoutMs: 60_000 });
}, 90_000);
