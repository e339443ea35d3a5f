/** One autocannon run against one URL, and a bare server as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
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
}

export async function measure(url: string, options: { seconds: number; connections: number }): Promise<Measurement> {
  const result = await autocannon({ url, connections: options.connections, duration: options.seconds, timeout: 30 });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

export interface BareServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts bare-server.ts in its own Node process (through tsx) serving the bytes in `bodyFile`. */
export async function startBareServer(bodyFile: string, cwd: string): Promise<BareServer> {
  const script = fileURLToPath(new URL('./bare-server.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, bodyFile], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
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
