import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { eventually } from '../src/eventually.ts';
import { supervise } from '../src/supervisor.ts';
import { spawnFixture } from './fixtures/spawn.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
const gone = (pid: number) => expect(alive(pid), `process ${pid} is still running`).toBe(false);

it('starts a killed process again, says so in one line, and leaves nothing running when stopped', async () => {
  const lines: string[] = [];
  const supervised = supervise({
    name: 'fixture',
    spawn: spawnFixture,
    log: (line) => lines.push(line),
    backoff: { initialMs: 100, maxMs: 1000, resetAfterMs: 60_000 },
  });
  supervised.keepAlive();
  const first = supervised.child.pid as number;

  process.kill(first, 'SIGKILL');
  const second = await eventually(() => {
    expect(supervised.child.pid).not.toBe(first);
    return supervised.child.pid as number;
  });
  expect(alive(second)).toBe(true);
  expect(lines).toEqual(['fixture exited (signal SIGKILL); restarting in 0.1 s (restart 1)']);

  process.kill(second, 'SIGKILL');
  await eventually(() => expect(supervised.restarts).toBe(2));
  expect(lines[1]).toBe('fixture exited (signal SIGKILL); restarting in 0.2 s (restart 2)');
  const third = await eventually(() => {
    expect(supervised.child.pid).not.toBe(second);
    return supervised.child.pid as number;
  });

  await supervised.stop();
  for (const pid of [first, second, third]) gone(pid);
  expect(supervised.restarts).toBe(2); // a stop is not an exit to recover from
});

it('does not restart a process that exits before keepAlive (a failed start-up is the caller’s to report)', async () => {
  const supervised = supervise({ name: 'fixture', spawn: spawnFixture, log: () => {} });
  const exited = new Promise((resolve) => supervised.child.once('exit', resolve));
  process.kill(supervised.child.pid as number, 'SIGKILL');
  await exited;
  expect(supervised.restarts).toBe(0);
  await supervised.stop();
});

it('leaves no service behind when the supervisor itself is killed with kill -9', async () => {
  const host = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('fixtures/supervisor-host.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const childPid = await new Promise<number>((resolve, reject) => {
    host.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    host.once('exit', (code) => reject(new Error(`the supervisor host exited (${code}) before its child started`)));
  });
  expect(alive(childPid)).toBe(true);

  host.kill('SIGKILL');
  await eventually(() => gone(childPid));
});
