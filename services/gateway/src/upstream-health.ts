import { problemType } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import { Agent, request } from 'undici';

export type UpstreamState = 'up' | 'down';

/** What forwarding knows of one upstream service (proxy.ts). */
export interface UpstreamHealth {
  /** True while the service is known not to answer: its routes answer 503 at once instead of waiting. */
  isDown(): boolean;
  /** A call could not even connect: down now, without waiting for the next check. */
  unreachable(reason: string): void;
}

export interface UpstreamMonitor {
  of(name: string): UpstreamHealth;
  /** Each service's state, for the gateway's `/health/ready`. */
  report(): Record<string, UpstreamState>;
  stop(): void;
}

export interface UpstreamMonitorOptions {
  upstreams: readonly { name: string; baseUrl: string }[];
  logger: Logger;
  /** How often each service's `/health/ready` is asked (UPSTREAM_CHECK_INTERVAL_MS, 1 s). */
  intervalMs: number;
  /** How long a check may take; longer than a service's own readiness checks (1.5 s each). */
  timeoutMs?: number;
  /** Checks in a row that must time out before a service that is still connectable counts as down. */
  slowChecksUntilDown?: number;
}

/** Connections for the checks only, so a check never waits behind a slow forwarded call. */
const checks = new Agent({ keepAliveTimeout: 10_000, connections: 8 });

/**
 * Asks every upstream service in the background whether it answers (`/health/ready`), every `intervalMs`. A service
 * is down when it cannot be reached (at once), says it is shutting down (`stopping`, at once), or lets several checks
 * in a row time out: one slow answer on a busy machine is not an outage, and a request to a slow service still gets
 * its own timeout. A 503 for its database or Kafka still counts as up, since it answers and may well serve the
 * request. While one is down, a request to it starts a check at once (half-open), so its recovery is seen at the next
 * request or within one interval.
 */
export function upstreamMonitor({
  upstreams,
  logger,
  intervalMs,
  timeoutMs = 3000,
  slowChecksUntilDown = 3,
}: UpstreamMonitorOptions): UpstreamMonitor {
  const entries = new Map(
    upstreams.map((u) => [u.name, { ...u, state: 'up' as UpstreamState, checking: undefined as Promise<void> | undefined, slowChecks: 0 }]),
  );
  type Entry = typeof entries extends Map<string, infer E> ? E : never;

  const set = (entry: Entry, state: UpstreamState, reason?: string) => {
    if (entry.state === state) return;
    entry.state = state;
    if (state === 'down') logger.warn({ upstream: entry.name, reason }, 'upstream service down');
    else logger.info({ upstream: entry.name }, 'upstream service answers again');
  };

  const check = (entry: Entry) => {
    entry.checking ??= answers(entry.baseUrl, timeoutMs)
      .then((answer) => {
        entry.slowChecks = answer === 'timed out' ? entry.slowChecks + 1 : 0;
        if (answer === 'timed out' && entry.slowChecks < slowChecksUntilDown) return;
        set(entry, answer ? 'down' : 'up', answer);
      })
      .finally(() => {
        entry.checking = undefined;
      });
    return entry.checking;
  };

  const timer = setInterval(() => {
    for (const entry of entries.values()) void check(entry);
  }, intervalMs);
  timer.unref();
  for (const entry of entries.values()) void check(entry);

  return {
    of(name) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`no upstream ${name}`);
      return {
        isDown() {
          if (entry.state === 'up') return false;
          void check(entry);
          return true;
        },
        unreachable: (reason) => set(entry, 'down', reason),
      };
    },
    report: () => Object.fromEntries([...entries.values()].map((e) => [e.name, e.state])),
    stop: () => clearInterval(timer),
  };
}

/** Why the service does not answer (`timed out` when it is merely slow), or undefined when it does. */
async function answers(baseUrl: string, timeoutMs: number): Promise<string | undefined> {
  try {
    const response = await request(new URL('/health/ready', baseUrl), { dispatcher: checks, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.body.text();
    if (response.statusCode !== 503) return undefined;
    return (JSON.parse(body) as { type?: string }).type === problemType('stopping') ? 'shutting down' : undefined;
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'timed out';
    return (error as { code?: string }).code ?? name;
  }
}
