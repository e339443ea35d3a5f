/** One autocannon run against one URL (or a rotation of paths), and a bare server as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon, { type RequestDefinition } from 'autocannon';
import type { BareServerReady } from './bare-server.ts';

// autocannon's result also carries these histograms (autocannon.d.ts declares only what the rush uses).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
    total: number;
  }
  interface Result {
    latency: Histogram;
    requests: Histogram;
  }
}

export interface Measurement {
  requestsPerSecond: number;
  /** autocannon's latency histogram: whole milliseconds. */
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /**
   * CPU time (user + system, all threads) of the answering process per answer, in microseconds; NaN off Linux.
   * Unlike req/s it does not depend on whether the load generator keeps the server busy.
   */
  serverCpuMicrosPerAnswer: number;
  /** The part of it spent in the kernel (system time: sockets), 0..1. */
  serverSystemShare: number;
  /** CPU used by this process (the load generator) during the run, in cores: near 1 means it was the limit. */
  loadGeneratorCores: number;
  /** CPU per answer, in microseconds, of each of `alsoCpuOf` (the processes behind the answering one). */
  alsoCpuMicrosPerAnswer: Record<string, number>;
}

/** CPU seconds so far per process id, of the processes a `CpuClock` watches (a set that may change, e.g. database backends). */
export type CpuClock = () => Promise<Map<number, number>>;

export interface MeasureOptions {
  seconds: number;
  connections: number;
  serverPid: number;
  /** Further processes whose CPU per answer is reported, by name. */
  alsoCpuOf?: Record<string, CpuClock>;
  /**
   * Paths asked in turn instead of `url`'s own: one rotation shared by all connections, so no two connections ask
   * for the same path at the same time unless the rotation is shorter than the number of connections.
   */
  paths?: readonly string[];
}

export async function measure(url: string, options: MeasureOptions): Promise<Measurement> {
  const also = Object.entries(options.alsoCpuOf ?? {});
  const alsoBefore = await Promise.all(also.map(([, clock]) => clock()));
  const serverBefore = cpuTimesOf(options.serverPid);
  const ownBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    ...(options.paths ? { requests: [inTurn(options.paths)] } : {}),
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const own = process.cpuUsage(ownBefore);
  const serverAfter = cpuTimesOf(options.serverPid);
  const serverSeconds = serverAfter.user + serverAfter.system - serverBefore.user - serverBefore.system;
  const alsoAfter = await Promise.all(also.map(([, clock]) => clock()));
  const perAnswer = (seconds: number) => (seconds * 1e6) / result.requests.total;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCpuMicrosPerAnswer: perAnswer(serverSeconds),
    serverSystemShare: (serverAfter.system - serverBefore.system) / serverSeconds,
    loadGeneratorCores: (own.user + own.system) / 1e6 / wallSeconds,
    alsoCpuMicrosPerAnswer: Object.fromEntries(
      also.map(([name], i) => [name, perAnswer(cpuSpent(alsoBefore[i] as Map<number, number>, alsoAfter[i] as Map<number, number>))]),
    ),
  };
}

/** One request definition whose path is the next of `paths` each time any connection sends it. */
function inTurn(paths: readonly string[]): RequestDefinition {
  let next = 0;
  return {
    method: 'GET',
    setupRequest: (request) => {
      const path = paths[next % paths.length] as string;
      next += 1;
      return { ...request, path };
    },
  };
}

/** CPU seconds between two samples; a process that appeared in between counts whole, one that ended is lost. */
function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, now] of after) seconds += now - (before.get(pid) ?? 0);
  return seconds;
}

/** A `CpuClock` of one process. */
export const processClock =
  (pid: number): CpuClock =>
  async () =>
    new Map([[pid, cpuSecondsOf(pid)]]);

/** Linux clock ticks per second for /proc times (USER_HZ, 100 on every common build). */
const USER_HZ = 100;

/** User and system CPU seconds of a whole process (all its threads) so far; NaN where /proc is missing. */
function cpuTimesOf(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / USER_HZ, system: Number(fields[12]) / USER_HZ };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

/** User + system CPU seconds of a whole process (all its threads) so far; NaN where /proc is missing. */
export function cpuSecondsOf(pid: number): number {
  const { user, system } = cpuTimesOf(pid);
  return user + system;
}

export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts bare-server.ts in its own Node process (through tsx) serving the bytes in `bodyFile`. */
export async function startBareServer(bodyFile: string, cwd: string): Promise<BareServer> {
  const script = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, bodyFile], {
    cwd,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const ready = await new Promise<BareServerReady>((resolve, reject) => {
    lines.once('line', (line: string) => {
      try {
        resolve(JSON.parse(line) as BareServerReady);
      } catch (error) {
        reject(error);
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the bare server exited (${code}) before it was listening`)));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  lines.close();
  return {
    url: `http://127.0.0.1:${ready.port}`,
    pid: child.pid as number,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
