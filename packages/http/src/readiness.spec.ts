import { createLogger } from '@seminarwerk/logging';
import { expect, it } from 'vitest';
import { createApp } from './app.ts';

const logger = createLogger('test', 'silent');

it('answers 503 problem+json naming what is down, and a check that hangs counts as down', async () => {
  const app = createApp({
    service: 'test',
    logger,
    readiness: { database: async () => 'ok', kafka: () => new Promise(() => {}) },
  });
  const response = await app.request('/health/ready');
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(await response.json()).toMatchObject({
    type: expect.stringMatching(/not-ready$/),
    status: 503,
    detail: expect.stringMatching(/^kafka failing: no answer within \d+ ms$/),
    down: ['kafka'],
    checks: { database: 'ok', kafka: expect.stringMatching(/^failing/) },
  });
});

it('asks each dependency once for a storm of probes', async () => {
  let asked = 0;
  const app = createApp({ service: 'test', logger, readiness: { database: async () => asked++ } });
  const answers = await Promise.all(Array.from({ length: 50 }, () => app.request('/health/ready')));
  expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
  expect(asked).toBe(1);
});

it('says it is stopping as soon as a shutdown began, whatever its dependencies say', async () => {
  let stopping = false;
  const app = createApp({ service: 'test', logger, readiness: { database: async () => 'ok' }, isStopping: () => stopping });
  expect((await app.request('/health/ready')).status).toBe(200);
  stopping = true;
  const response = await app.request('/health/ready');
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({ type: expect.stringMatching(/stopping$/), service: 'test' });
});
