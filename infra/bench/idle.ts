// CPU of each service while the system has nothing to do: starts everything like the benchmarks, waits 20 s, then
// reads each service's CPU time from /proc over 30 s and prints it as a share of one core.
// `npx tsx infra/bench/idle.ts` (without KAFKA_BROKERS, so that it starts a broker of its own).
import { randomBytes } from 'node:crypto';
import { SERVICES, startSystem } from '@seminarwerk/testing';
import { processCpuMs } from './cpu.ts';
import { onCleanup, runMain } from './lifecycle.ts';
import { startScratchRun } from './scratch-run.ts';

const log = (message: string) => console.error(`[idle] ${message}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const scratch = await startScratchRun({ database: 'idle', logs: 'idle' }, log);
  const system = await startSystem(
    scratch.systemOptions(`sw_idle_${randomBytes(16).toString('hex')}`, { KAFKA_NAMESPACE: `idle-${scratch.stamp}.` }),
  );
  onCleanup('services', () => system.stop());
  log('started; waiting 20 s for the start-up to settle ...');
  await pause(20_000);
  const seconds = 30;
  const before = SERVICES.map((s) => processCpuMs(system.pids[s]));
  await pause(seconds * 1000);
  const shares = SERVICES.map((s, i) => `${s} ${((processCpuMs(system.pids[s]) - (before[i] ?? 0)) / seconds / 10).toFixed(2)} %`);
  console.log(`CPU while idle, share of one core over ${seconds} s: ${shares.join(', ')}`);
  scratch.keepLogs(false);
  return 0;
}

runMain(main, log);
