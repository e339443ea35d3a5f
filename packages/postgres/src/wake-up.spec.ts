import { expect, it } from 'vitest';
import { doorbell } from './wake-up.ts';

/** Whether a wait has ended once pending callbacks ran, without relying on how fast the machine is. */
const settled = (wait: Promise<void>) =>
  Promise.race([wait.then(() => 'woke' as const), new Promise<'asleep'>((resolve) => setImmediate(() => resolve('asleep')))]);

it('wakes a sleeper at once when rung', async () => {
  const bell = doorbell();
  const sleeping = bell.wait(60_000);
  expect(await settled(sleeping)).toBe('asleep');
  bell.ring();
  expect(await settled(sleeping)).toBe('woke');
});

it('remembers a ring that came while nobody slept, once', async () => {
  const bell = doorbell();
  bell.ring();
  expect(await settled(bell.wait(60_000))).toBe('woke');
  const next = bell.wait(60_000);
  expect(await settled(next)).toBe('asleep'); // the ring was used up
  bell.ring();
  await next;
});
