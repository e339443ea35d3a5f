/** The faults, one per scenario. Each resolves when the fault is over (the process is back, the broker up again). */
import type { RunningSystem, ServiceName, SmtpTestServer } from '@seminarwerk/testing';
import type pg from 'pg';

export interface FaultContext {
  system: RunningSystem;
  smtp: SmtpTestServer;
  /** A connection as a database superuser, to end the services' connections. */
  admin: pg.Pool;
  /** The services' databases start with this (`<prefix>_registration`, ...). */
  databasePrefix: string;
  /** Stops the broker and starts it again; absent when the broker is not ours to stop. */
  brokerOutage?: () => Promise<void>;
  smtpOutageMs: number;
  log: (line: string) => void;
}

export interface Scenario {
  name: string;
  /** Why it cannot run here, if it cannot. */
  unavailable?: (ctx: FaultContext) => string | undefined;
  inject(ctx: FaultContext): Promise<void>;
  /** A kill -9 of notification: the one fault allowed to resend a mail the SMTP server had accepted. */
  killsNotification?: boolean;
}

/** Our own connections carry this name and survive the termination scenario. */
export const CHAOS_APPLICATION_NAME = 'seminarwerk-chaos';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not back yet
    }
    await sleep(100);
  }
  throw new Error(`${url} was not ready again within ${timeoutMs} ms`);
}

export const kill = (service: ServiceName): Scenario => ({
  name: `kill -9 ${service}`,
  killsNotification: service === 'notification',
  async inject({ system, log }) {
    const process = system.processes[service];
    if (!process) throw new Error(`${service} is not running`);
    const before = process.child.pid;
    process.child.kill('SIGKILL');
    while (process.child.pid === before) await sleep(50); // the supervisor starts a new one
    await waitUntilReady(system.urls[service]);
    log(`${service} is back (pid ${process.child.pid}, restart ${process.restarts})`);
  },
});

export const brokerRestart: Scenario = {
  name: 'Kafka broker stop/start',
  unavailable: (ctx) => (ctx.brokerOutage ? undefined : 'the broker is not ours to stop (KAFKA_BROKERS or Docker)'),
  async inject(ctx) {
    await ctx.brokerOutage?.();
  },
};

export const terminateConnections: Scenario = {
  name: 'pg_terminate_backend',
  async inject({ admin, databasePrefix, log }) {
    let ended = 0;
    // Three rounds a second apart: the second and third also catch the connections the pools opened again.
    for (let round = 0; round < 3; round += 1) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname LIKE $1 AND pid <> pg_backend_pid() AND application_name <> $2`,
        [`${databasePrefix}\\_%`, CHAOS_APPLICATION_NAME],
      );
      ended += rows[0]?.n ?? 0;
      await sleep(1_000);
    }
    log(`terminated ${ended} connections of the services`);
  },
};

export const smtpRefusal: Scenario = {
  name: 'SMTP refuses mail',
  async inject({ smtp, smtpOutageMs, log }) {
    smtp.failNext(Number.MAX_SAFE_INTEGER); // 451 to every message: refused for now, to be retried
    await sleep(smtpOutageMs);
    smtp.failNext(0);
    log(`the SMTP server accepts mail again after ${smtpOutageMs / 1000} s`);
  },
};

export const ALL_SCENARIOS: readonly Scenario[] = [
  kill('registration'),
  kill('invoicing'),
  kill('notification'),
  kill('catalogue'),
  kill('gateway'),
  brokerRestart,
  terminateConnections,
  smtpRefusal,
];
