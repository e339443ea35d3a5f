import { expect, it } from 'vitest';
import { doorbell } from './wake-up.ts';

it('wakes a sleeper at once when rung', async () => {
  const bell = doorbell();
  const started = Date.now();
  const sleeping = bell.wait(10_000);
  bell.ring();
  await sleeping;
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('remembers a ring that came while nobody slept, once', async () => {
  const bell = doorbell();
  bell.ring();
  const started = Date.now();
  await bell.wait(10_000);
  expect(Date.now() - started).toBeLessThan(1_000);
  await bell.wait(50); // the ring was used up: this one sleeps its time
  expect(Date.now() - started).toBeGreaterThanOrEqual(45);
});
