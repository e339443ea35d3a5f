import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from '../../../infra/build-service.mjs';
import { ensureDatabase } from '../../../infra/postgres.mjs';
import { type Backoff, type Supervised, supervise } from './supervisor.ts';

export const SERVICES = ['catalogue', 'registration', 'invoicing', 'notification', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface SystemOptions {
  kafkaBrokers: string;
  postgresAdminUrl: string;
  /** Databases are `<prefix>_<service>`. */
  databasePrefix: string;
  smtpUrl: string;
  /**
   * The XRechnung validator (infra/validator), passed to every service as `VALIDATOR_URL`. Invoicing validates
   * every document with it before sending; without it (and without VALIDATOR_URL in this process's environment)
   * no invoice can be issued.
   */
  validatorUrl?: string;
  backOfficeKey: string;
  /** Gateway port; 0 picks a free one. The other services always get free ports. */
  gatewayPort?: number;
  /** Where each service's log goes (`<dir>/<service>.log`). */
  logDir: string;
  logLevel?: string;
  /** Extra environment for every service. */
  env?: Record<string, string>;
  /** Extra Node flags for every service (not the back-office app), e.g. `--cpu-prof`, which NODE_OPTIONS may not carry. */
  nodeArgs?: readonly string[];
  /** Which services to start (default: all). */
  services?: readonly ServiceName[];
  /**
   * The secret the gateway signs principals with and the services check (PRINCIPAL_SIGNING_SECRET). Default: a new
   * random one for this system, so no two systems (and no guess) share one.
   */
  principalSigningSecret?: string;
  /**
   * Also start the back-office web app (services/backoffice), after the gateway: with its own database, its API key
   * (made through POST /v1/api-keys with the bootstrap key, scope staff:delegate) and these staff accounts. Opt-in:
   * most tests do not need it.
   */
  backoffice?: BackofficeOptions;
  /**
   * Restart a service that exits or is killed once the system is up, with backoff, one log line per restart
   * (`npm start`; the chaos suite). Without it, a service that exits stays down (most tests want to see that).
   */
  supervise?: { log: (line: string) => void; backoff?: Backoff };
}

export interface StaffSeed {
  username: string;
  password: string;
  role: 'sachbearbeitung' | 'rechnungswesen' | 'admin';
  displayName?: string;
}

export interface BackofficeOptions {
  staff: readonly StaffSeed[];
  /** The app's key from an earlier start (npm start keeps it): used again if the gateway still accepts it. */
  apiKey?: string;
  /** Default: a free port. */
  port?: number;
}

export interface RunningBackoffice {
  /** The app itself; browsers use `${gatewayUrl}/backoffice/`. */
  url: string;
  apiKey: string;
  staff: readonly StaffSeed[];
}

export interface RunningSystem {
  gatewayUrl: string;
  urls: Record<ServiceName, string>;
  /** Each service's Prometheus metrics; the gateway's on a port of its own (METRICS_PORT), never its public one. */
  metricsUrls: Record<ServiceName, string>;
  /** The pid of each service process running now (a restarted one has a new pid). */
  pids: Record<ServiceName, number>;
  /** Each process started, to stop, kill or start one service (`processes.registration.stop()`). */
  processes: Partial<Record<ServiceName | 'backoffice', Supervised>>;
  /** The system's PRINCIPAL_SIGNING_SECRET, for calling a service directly as the gateway would. */
  principalSigningSecret: string;
  /** The back-office app, when `options.backoffice` asked for it. */
  backoffice?: RunningBackoffice;
  /** Resident set size of each service process in MiB (Linux /proc). */
  rssMiB(): Record<ServiceName, number>;
  stop(): Promise<void>;
}

/** Whether `port` can be listened on now (0: any free one); the port it got, or undefined. */
function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: got } = server.address() as { port: number };
      server.close(() => resolve(got));
    });
  });
}

/**
 * Ports of each vitest worker come from a block of its own below the kernel's ephemeral range (32768 and up), so
 * between asking for a port and a service binding it, neither another worker's system nor any socket the kernel
 * numbers can take it: two test files starting systems at once once did, and a gateway answered for another system.
 */
const WORKER_BLOCK = { first: 20_000, size: 2_000, blocks: 6 } as const;
let nextInBlock: number | undefined;

/** A port free now: from the worker's block in a test run, else any the kernel gives. */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.VITEST_POOL_ID);
  if (!Number.isInteger(worker) || worker < 1) return anyFreePort();
  const start = WORKER_BLOCK.first + ((worker - 1) % WORKER_BLOCK.blocks) * WORKER_BLOCK.size;
  nextInBlock ??= Math.floor(Math.random() * WORKER_BLOCK.size);
  for (let tried = 0; tried < WORKER_BLOCK.size; tried++) {
    const port = start + (nextInBlock++ % WORKER_BLOCK.size);
    if ((await tryListen(port)) !== undefined) return port;
  }
  return anyFreePort();
}

async function anyFreePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === undefined) throw new Error('no free port on 127.0.0.1');
  return port;
}

/**
 * Starts every service as its own process (as in production), each with its own database, and
 * waits until all answer /health/ready. Used by `npm start` and by the end-to-end tests.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  mkdirSync(options.logDir, { recursive: true });
  const ports = Object.fromEntries(
    await Promise.all(
      SERVICES.map(async (s) => [s, s === 'gateway' && options.gatewayPort ? options.gatewayPort : await freePort()] as const),
    ),
  ) as Record<ServiceName, number>;
  const urls = Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<ServiceName, string>;
  const gatewayMetricsPort = await freePort();
  const metricsUrls = Object.fromEntries(
    SERVICES.map((s) => [s, s === 'gateway' ? `http://127.0.0.1:${gatewayMetricsPort}/metrics` : `${urls[s]}/metrics`]),
  ) as Record<ServiceName, string>;
  const principalSigningSecret = options.principalSigningSecret ?? randomBytes(32).toString('base64url');
  const children = new Map<ServiceName | 'backoffice', Supervised>();
  // Until the system is up, an exit is a failed start-up, reported as such; then, with `supervise`, a restart.
  const start = (service: ServiceName | 'backoffice', env: NodeJS.ProcessEnv) => {
    const supervised = supervise({
      name: service,
      spawn: () => spawnService(service, env, options.logDir, options.nodeArgs ?? []),
      log: options.supervise?.log ?? (() => {}),
      backoff: options.supervise?.backoff,
    });
    children.set(service, supervised);
    return supervised.child;
  };
  // A port of its own even when the app is not started, so this gateway never reaches another system's app.
  const backofficePort = options.backoffice?.port ?? (await freePort());
  const backofficeUrl = `http://127.0.0.1:${backofficePort}`;
  const stop = async () => {
    await Promise.all([...children.values()].map((child) => child.stop()));
  };
  const baseEnv = {
    ...process.env,
    // Public links (the calendar feed's URLs) name the gateway unless the caller says otherwise.
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? urls.gateway,
    ...options.env,
    PRINCIPAL_SIGNING_SECRET: principalSigningSecret,
    KAFKA_BROKERS: options.kafkaBrokers,
    SMTP_URL: options.smtpUrl,
    ...(options.validatorUrl ? { VALIDATOR_URL: options.validatorUrl } : {}),
    CATALOGUE_URL: urls.catalogue,
    REGISTRATION_URL: urls.registration,
    INVOICING_URL: urls.invoicing,
    NOTIFICATION_URL: urls.notification,
    BACKOFFICE_URL: backofficeUrl,
    BOOTSTRAP_BACK_OFFICE_KEY: options.backOfficeKey,
    LOG_LEVEL: options.logLevel ?? 'info',
  };
  let backoffice: RunningBackoffice | undefined;
  for (const service of options.services ?? SERVICES) await ensureBuilt(service);
  try {
    for (const service of options.services ?? SERVICES) {
      const url = await ensureDatabase(options.postgresAdminUrl, `${options.databasePrefix}_${service}`);
      const metricsPort = service === 'gateway' ? { METRICS_PORT: String(gatewayMetricsPort) } : {};
      start(service, { ...baseEnv, PORT: String(ports[service]), DATABASE_URL: url, ...metricsPort });
    }
    const started = options.services ?? SERVICES;
    await Promise.all(started.map((s) => waitUntilReady(s, urls[s], children.get(s)?.child as ChildProcess, options.logDir)));
    if (started.includes('gateway')) {
      await gatewaySeesUpstreams(
        urls.gateway,
        started.filter((s) => s !== 'gateway'),
        options.logDir,
      );
    }
    if (options.supervise) for (const supervised of children.values()) supervised.keepAlive();
    if (options.backoffice) {
      const apiKey = await backofficeKey(urls.gateway, options.backOfficeKey, options.backoffice.apiKey);
      const url = await ensureDatabase(options.postgresAdminUrl, `${options.databasePrefix}_backoffice`);
      const child = start('backoffice', {
        ...baseEnv,
        PORT: String(backofficePort),
        DATABASE_URL: url,
        GATEWAY_URL: urls.gateway,
        BACKOFFICE_API_KEY: apiKey,
        BOOTSTRAP_STAFF: JSON.stringify(options.backoffice.staff),
      });
      await waitUntilReady('backoffice', backofficeUrl, child, options.logDir);
      if (options.supervise) children.get('backoffice')?.keepAlive();
      backoffice = { url: backofficeUrl, apiKey, staff: options.backoffice.staff };
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: urls.gateway,
    ...(backoffice ? { backoffice } : {}),
    urls,
    metricsUrls,
    principalSigningSecret,
    get pids() {
      return Object.fromEntries(SERVICES.map((s) => [s, children.get(s)?.child.pid ?? 0])) as Record<ServiceName, number>;
    },
    processes: Object.fromEntries(children),
    rssMiB: () => Object.fromEntries(SERVICES.map((s) => [s, rssOf(children.get(s)?.child.pid)])) as Record<ServiceName, number>,
    stop,
  };
}

/**
 * The service writes its log file itself (not through a pipe to us), and has an IPC channel to us only so that it
 * stops when we are gone, kill -9 included (runtime's whenParentGone).
 */
function spawnService(service: string, env: NodeJS.ProcessEnv, logDir: string, nodeArgs: readonly string[]): ChildProcess {
  const log = openSync(join(logDir, `${service}.log`), 'a');
  try {
    // The services run from their bundles (infra/build-service.mjs, built by startSystem); the back-office app, which
    // serves files from beside its sources, runs its TypeScript through tsx.
    const program = service === 'backoffice' ? ['--import', 'tsx', 'src/main.ts'] : [...nodeArgs, '--enable-source-maps', 'dist/main.js'];
    return spawn(process.execPath, program, {
      cwd: join(repoRoot, 'services', service),
      env,
      stdio: ['ignore', log, log, 'ipc'],
      // A process group of its own: a terminal's Ctrl-C reaches the whole foreground group, and a service that
      // stopped on it before we stopped it would look like a crash to restart. We stop the services ourselves.
      detached: true,
    });
  } finally {
    closeSync(log);
  }
}

/**
 * The back-office app's own key (decisions.md 72): the one given if the gateway still takes it, else a new one made
 * with the bootstrap key, with the scope staff:delegate so the gateway records the signed-in staff member as actor.
 */
export async function backofficeKey(gatewayUrl: string, bootstrapKey: string, existing: string | undefined): Promise<string> {
  if (existing) {
    const check = await fetch(`${gatewayUrl}/v1/api-keys?limit=1`, { headers: { authorization: `Bearer ${existing}` } });
    if (check.ok) return existing;
  }
  const response = await fetch(`${gatewayUrl}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrapKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ name: 'Backoffice (Web-Anwendung)', role: 'back-office', scopes: ['staff:delegate'] }),
  });
  if (response.status !== 201) throw new Error(`could not create the back office's API key: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { key: string }).key;
}

async function waitUntilReady(service: ServiceName | 'backoffice', url: string, child: ChildProcess, logDir: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${service} exited with code ${child.exitCode} during start-up; see ${join(logDir, `${service}.log`)}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${service} was not ready within ${timeoutMs} ms; see ${join(logDir, `${service}.log`)}`);
}

/**
 * Until the gateway has seen every started service up: it checks them every second, and one it found unreachable
 * while the system was starting is answered 503 until its next check, even once the service itself is ready.
 */
async function gatewaySeesUpstreams(gatewayUrl: string, upstreams: readonly ServiceName[], logDir: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const report = await fetch(`${gatewayUrl}/health/ready`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.json() as Promise<{ upstreams?: Record<string, string> }>)
      .catch(() => undefined);
    if (upstreams.every((s) => report?.upstreams?.[s] === 'up')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the gateway did not see ${upstreams.join(', ')} up within ${timeoutMs} ms; see ${join(logDir, 'gateway.log')}`);
}

function rssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}
