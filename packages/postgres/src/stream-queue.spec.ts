import type { DomainEvent, Rejection } from '@seminarwerk/decider';
import { describe, expect, it } from 'vitest';
import type { Attributed, StreamOutcome } from './command-handler.ts';
import { QueueFull, type StreamQueueOptions, streamQueue } from './stream-queue.ts';

type Decided = DomainEvent<'Decided', { command: string }>;
type Outcome = StreamOutcome<Decided, string[], Rejection>;

/** A command handler whose transactions end when the test says so: each batch waits for `finish` (or `fail`). */
function handlerUnderTest() {
  const batches: { streamId: string; commands: string[]; finish(): void; fail(error: Error): void }[] = [];
  return {
    batches,
    handleMany: (streamId: string, attributed: readonly Attributed<string>[]) =>
      new Promise<Outcome>((resolve, reject) => {
        const commands = attributed.map((a) => a.command);
        const results = commands.map((command) => ({ decision: [{ type: 'Decided' as const, data: { command } }], recorded: [] }));
        batches.push({ streamId, commands, finish: () => resolve({ results, state: commands, version: commands.length }), fail: reject });
      }),
  };
}

/** A queue over that handler, with a clock the test moves. */
function queueUnderTest(options: StreamQueueOptions = {}) {
  const handler = handlerUnderTest();
  const clock = { ms: 0 };
  const queue = streamQueue(handler, { now: () => clock.ms, ...options });
  const answers: Record<string, string> = {};
  /** Submits each command and notes how it ended: `decided`, `refused:<reason>:<seconds>` or `failed`. */
  const submit = (...commands: string[]) => {
    for (const command of commands) {
      queue.submit('offering-1', command, { actor: 'test' }).then(
        () => {
          answers[command] = 'decided';
        },
        (error) => {
          answers[command] = error instanceof QueueFull ? `refused:${error.reason}:${error.retryAfterSeconds}` : 'failed';
        },
      );
    }
  };
  return { queue, batches: handler.batches, clock, answers, submit };
}

/** Lets every callback that is due run, so promises that can settle have settled. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a stream queue', () => {
  it('decides what piled up while a batch ran in the next transaction, in order, at most maxBatch at a time', async () => {
    const { batches, submit, answers } = queueUnderTest({ maxBatch: 2 });
    submit('a', 'b', 'c', 'd');
    expect(batches.map((b) => b.commands)).toEqual([['a']]);
    for (const expected of [['b', 'c'], ['d']]) {
      batches.at(-1)?.finish();
      await settle();
      expect(batches.at(-1)?.commands).toEqual(expected);
    }
    batches.at(-1)?.finish();
    await settle();
    expect(answers).toEqual({ a: 'decided', b: 'decided', c: 'decided', d: 'decided' });
  });

  it('refuses a command beyond maxQueued at once, and decides those it let in', async () => {
    const { batches, submit, answers } = queueUnderTest({ maxQueued: 2 });
    submit('a', 'b', 'c', 'd');
    await settle();
    expect(answers).toEqual({ d: 'refused:too-many-waiting:1' }); // a is being decided, b and c wait
    batches[0]?.finish();
    await settle();
    batches[1]?.finish();
    await settle();
    expect(answers).toEqual({ a: 'decided', b: 'decided', c: 'decided', d: 'refused:too-many-waiting:1' });
  });

  it('lets a refused command in again once the line is shorter', async () => {
    const { batches, submit, answers } = queueUnderTest({ maxQueued: 1 });
    submit('a', 'b', 'c');
    batches[0]?.finish();
    await settle();
    submit('c again');
    batches[1]?.finish();
    await settle();
    batches[2]?.finish();
    await settle();
    expect(answers).toEqual({ a: 'decided', b: 'decided', c: 'refused:too-many-waiting:1', 'c again': 'decided' });
  });

  it('tells a refused caller when what waits now will be decided, at the pace of the recent batches, from 1 to 30 s', async () => {
    const { batches, submit, answers, clock } = queueUnderTest({ maxBatch: 10, maxQueued: 10 });
    submit(...'abcdefghijk'.split(''));
    clock.ms += 200; // a alone: 200 ms
    batches[0]?.finish();
    await settle();
    clock.ms += 1800; // b..k: 10 commands in 1.8 s, so 2 s for 11 commands in all
    batches[1]?.finish();
    await settle();
    submit(...Array.from({ length: 11 }, (_, i) => `second-${i}`), 'too many');
    await settle();
    // second-0 is being decided and 10 wait: at 2 s per 11 commands, 1.8 s, rounded up.
    expect(answers['too many']).toBe('refused:too-many-waiting:2');

    clock.ms += 600_000; // a very slow batch
    batches[2]?.finish();
    await settle();
    submit(...Array.from({ length: 11 }, (_, i) => `third-${i}`));
    expect(batches).toHaveLength(4);
    await settle();
    expect(answers['third-10']).toBe('refused:too-many-waiting:30');
  });

  it('refuses what waited longer than maxWaitMs when its batch would start, and decides the rest', async () => {
    const { batches, submit, answers, clock } = queueUnderTest({ maxWaitMs: 1000 });
    submit('a', 'b');
    clock.ms += 500;
    submit('c');
    clock.ms += 501; // b has waited 1001 ms, c 501 ms
    batches[0]?.finish();
    await settle();
    expect(batches[1]?.commands).toEqual(['c']);
    expect(answers.b).toMatch(/^refused:waited-too-long:/);
    batches[1]?.finish();
    await settle();
    expect(answers).toMatchObject({ a: 'decided', c: 'decided' });
  });

  it('never refuses a command whose batch started, however long the batch takes', async () => {
    const { batches, submit, answers, clock } = queueUnderTest({ maxWaitMs: 1000, maxQueued: 1 });
    submit('a');
    clock.ms += 60_000;
    batches[0]?.finish();
    await settle();
    expect(answers).toEqual({ a: 'decided' });
  });

  it('fails every command of a batch whose transaction failed, and goes on with the next', async () => {
    const { batches, submit, answers } = queueUnderTest();
    submit('a', 'b', 'c');
    batches[0]?.finish();
    await settle();
    batches[1]?.fail(new Error('connection lost'));
    submit('d');
    await settle();
    batches[2]?.finish();
    await settle();
    expect(answers).toEqual({ a: 'decided', b: 'failed', c: 'failed', d: 'decided' });
  });
});

describe('exclusive work in a stream queue (a group booking)', () => {
  it('waits its turn like its commands, runs alone, and lets those behind it follow', async () => {
    const { queue, batches, submit, answers } = queueUnderTest();
    const log: string[] = [];
    submit('a', 'b');
    const group = queue.exclusive(new Map([['offering-1', 3]]), async () => {
      log.push(`group runs while ${batches.length} batches started`);
      return 'booked';
    });
    submit('c');
    batches[0]?.finish();
    await settle();
    expect(batches.map((b) => b.commands)).toEqual([['a'], ['b']]); // b alone: c must not overtake the group
    batches[1]?.finish();
    expect(await group).toBe('booked');
    await settle();
    expect(log).toEqual(['group runs while 2 batches started']);
    expect(batches[2]?.commands).toEqual(['c']);
    batches[2]?.finish();
    await settle();
    expect(answers).toEqual({ a: 'decided', b: 'decided', c: 'decided' });
  });

  it('counts as its commands against maxQueued, but is let in larger than the bound when nobody waits', async () => {
    const { queue, batches, submit } = queueUnderTest({ maxQueued: 3 });
    submit('a'); // being decided: nobody waits
    const large = queue.exclusive(new Map([['offering-1', 5]]), async () => 'large');
    const refused = queue.exclusive(new Map([['offering-1', 1]]), async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(QueueFull);
    batches[0]?.finish();
    expect(await large).toBe('large');
  });

  it('enters its streams in sorted order and holds each while it waits for the next', async () => {
    const { queue, batches } = queueUnderTest();
    const blocker = queue.submit('offering-b', 'on b', { actor: 'test' });
    const group = queue.exclusive(
      new Map([
        ['offering-b', 1],
        ['offering-a', 1],
      ]),
      async () => 'both',
    );
    const onA = queue.submit('offering-a', 'on a', { actor: 'test' });
    await settle();
    // The group holds a's turn while b's batch runs; the command on a waits behind it.
    expect(batches.map((b) => b.commands)).toEqual([['on b']]);
    batches[0]?.finish();
    expect(await group).toBe('both');
    await settle();
    expect(batches.map((b) => b.commands)).toEqual([['on b'], ['on a']]);
    batches[1]?.finish();
    await Promise.all([blocker, onA]);
  });

  it('is refused before it runs when it waited longer than maxWaitMs', async () => {
    const { queue, batches, submit, clock } = queueUnderTest({ maxWaitMs: 1000 });
    submit('a');
    let ran = false;
    const group = queue.exclusive(new Map([['offering-1', 2]]), async () => {
      ran = true;
    });
    clock.ms += 1001;
    batches[0]?.finish();
    await expect(group).rejects.toMatchObject({ reason: 'waited-too-long' });
    expect(ran).toBe(false);
  });
});
