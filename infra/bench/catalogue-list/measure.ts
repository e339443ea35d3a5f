/** One autocannon run against one URL, and a bare server as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
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
  /** CPU used by this process (the load generator) during the run, in cores: near 1 means it was the limit. */
  loadGeneratorCores: number;
}

export async function measure(url: string, options: { seconds: number; connections: number; serverPid: number }): Promise<Measurement> {
  const serverBefore = cpuSecondsOf(options.serverPid);
  const ownBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const result = await autocannon({ url, connections: options.connections, duration: options.seconds, timeout: 30 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const own = process.cpuUsage(ownBefore);
  const serverSeconds = cpuSecondsOf(options.serverPid) - serverBefore;
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    serverCpuMicrosPerAnswer: (serverSeconds * 1e6) / result.requests.total,
    loadGeneratorCores: (own.user + own.system) / 1e6 / wallSeconds,
  };
}

/** Linux clock ticks per second for /proc times (USER_HZ, 100 on every common build). */
const USER_HZ = 100;

/** User + system CPU seconds of a whole process (all its threads) so far; NaN where /proc is missing. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
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
