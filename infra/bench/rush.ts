// `npm run bench:rush`: the registration rush. Starts its own Kafka, PostgreSQL databases, SMTP
// server and the whole system, measures a pgbench baseline first, then lets 200 clients register
// 2,000 participants for one offering with 100 seats (3 times), checks that nothing was overbooked,
// lost or doubled, and prints a plain-text report. Exits non-zero when any check fails.
//
// Smaller runs for trying it out: RUSH_REGISTRATIONS, RUSH_CONNECTIONS, RUSH_CAPACITY, RUSH_RUNS,
// RUSH_BASELINE_SECONDS. RUSH_KEEP_LOGS=1 keeps the service logs even when everything passed.
// RUSH_CPU_PROFILE_DIR=<dir> makes every service write a V8 CPU profile there (open it in Chrome DevTools).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiClient, type RunningSystem, SERVICES, startSystem, startTestInfrastructure } from '@seminarwerk/testing';
import pg from 'pg';
import { databaseUrl, dropDatabase, listDatabases } from '../postgres.mjs';
import { seedMunicipalities } from '../seed.ts';
import { type Baseline, runBaseline } from './baseline.ts';
import { createPartners, createSeminar, type Offering, type Partner, scheduleOffering, waitUntilOpen } from './catalogue.ts';
import { byCommandLine, byPid, type CpuGroups, type CpuMeter, cpuBetween, postgresFor, startCpuMeter, untilQuiet } from './cpu.ts';
import { checkInvariants } from './invariants.ts';
import { onCleanup, runMain } from './lifecycle.ts';
import { type LoadResult, participantEmail } from './load.ts';
import { summariseLogs } from './logs.ts';
import { type LoadGenerator, type MailReceiver, type MailSummary, startLoadGenerator, startMailReceiver } from './out-of-process.ts';
import { formatReport, type Header, type RunSummary } from './report.ts';
import { systemOptionsFor } from './scratch-run.ts';
import { percentile } from './stats.ts';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const envText = (name: string): string | undefined => process.env[name] || undefined;

const settings = {
  amount: envInt('RUSH_REGISTRATIONS', 2000),
  connections: envInt('RUSH_CONNECTIONS', 200),
  capacity: envInt('RUSH_CAPACITY', 100),
  runs: envInt('RUSH_RUNS', 3),
  baselineSeconds: envInt('RUSH_BASELINE_SECONDS', 10),
  /** The registration service's connection pool (services/registration/src/db.ts). */
  registrationPoolSize: 10,
  municipalities: ['oldenburg', 'hannover', 'osnabrueck', 'delmenhorst'],
  warmUp: { amount: 200, connections: 50, capacity: 5 },
  keepLogs: envInt('RUSH_KEEP_LOGS', 0) === 1,
  /** RUSH_CPU_PROFILE_DIR: every service writes a V8 CPU profile (node --cpu-prof) there when it stops. */
  cpuProfileDir: envText('RUSH_CPU_PROFILE_DIR'),
  /** How long to wait for the e-mails of one run. */
  mailTimeoutMs: 600_000,
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const started = Date.now();
const log = (message: string) => console.error(`[rush +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

function codeVersion(): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout;
  const head = git('log', '-1', '--format=%h %s').trim().slice(0, 100);
  const dirty = git('status', '--porcelain', '--', 'services', 'packages')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  if (dirty.length === 0) return head;
  const where = [...new Set(dirty.map((path) => path.split('/').slice(0, 2).join('/')))].join(', ');
  return `${head}\n                + uncommitted changes (others are editing) in ${dirty.length} files under ${where}`;
}

const version = (name: string) =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

async function main(): Promise<number> {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14).toLowerCase();
  const prefix = `sw_bench_${stamp}_${randomBytes(2).toString('hex')}`;
  const logDir = join(tmpdir(), `seminarwerk-bench-${stamp}`);
  const code = codeVersion(); // now: others may change the services while this runs
  let keepLogs = true; // until everything passed
  const notes: string[] = [];

  log('starting Kafka and PostgreSQL ...');
  const infra = await startTestInfrastructure({ log });
  onCleanup('infrastructure', async () => {
    log('stopping the infrastructure');
    await infra.stop();
  });
  const adminUrl = infra.postgresAdminUrl;
  onCleanup('databases', async () => {
    const databases = await listDatabases(adminUrl, `${prefix}_`);
    log(`dropping ${databases.length} databases (${prefix}_*)`);
    for (const name of databases) await dropDatabase(adminUrl, name);
  });
  onCleanup('service logs', async () => {
    if (keepLogs) log(`service logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  });

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const pgVersion = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version ?? '?';
  await admin.end();

  log('baseline: pgbench (before the system starts, so nothing competes) ...');
  let baseline: Baseline | { error: string };
  try {
    baseline = await runBaseline(adminUrl, `${prefix}_pgbench`, {
      poolSize: settings.registrationPoolSize,
      seconds: settings.baselineSeconds,
      log,
    });
  } catch (error) {
    baseline = { error: (error as Error).message };
    log(`baseline failed: ${(error as Error).message}`);
  }

  const smtp = await startMailReceiver();
  onCleanup('SMTP server', () => smtp.stop());
  const loadGenerator = startLoadGenerator();
  onCleanup('load generator', () => loadGenerator.stop());
  const backOfficeKey = `sw_bench_back_office_${randomBytes(16).toString('hex')}`;
  log(`starting the services (logs: ${logDir}) ...`);
  const system: RunningSystem = await startSystem({
    // The benchmark measures capacity, not policy: limits far above anything it can send.
    ...systemOptionsFor({ infra, prefix, logDir, smtpUrl: smtp.url }, backOfficeKey, {
      KAFKA_NAMESPACE: `bench-${stamp}.`,
      RATE_LIMIT_PARTNER_PER_SECOND: '1000000',
      RATE_LIMIT_PARTNER_BURST: '1000000',
      RATE_LIMIT_BACKOFFICE_PER_SECOND: '1000000',
      RATE_LIMIT_BACKOFFICE_BURST: '1000000',
      RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000',
      RATE_LIMIT_ANONYMOUS_BURST: '1000000',
    }),
    nodeArgs: settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [],
  });
  let servicesRunning = true;
  const stopServices = async () => {
    if (!servicesRunning) return;
    servicesRunning = false;
    log('stopping the services');
    await system.stop();
  };
  onCleanup('services', stopServices);

  const registrationDb = new pg.Client({ connectionString: databaseUrl(adminUrl, `${prefix}_registration`) });
  registrationDb.on('error', () => {}); // a dropped connection during cleanup also rejects the pending query
  await registrationDb.connect();
  onCleanup('registration database client', () => registrationDb.end());

  const backOffice = apiClient(system.gatewayUrl, backOfficeKey);
  await seedMunicipalities(backOffice);
  const partners: Partner[] = await createPartners(backOffice, settings.municipalities);
  const seminar = await createSeminar(backOffice, `Ansturm auf die E-Akte ${stamp}`);

  // Warm-up: JIT, connection pools, Kafka producers and consumer groups. Not counted.
  const warmOffering = await scheduleOffering(backOffice, seminar, settings.warmUp.capacity, 0);
  const openMs = await waitUntilOpen(registrationDb, warmOffering.offeringId);
  log(`warm-up: ${settings.warmUp.amount} registrations on a separate offering (open after ${openMs} ms) ...`);
  const warm = await loadGenerator.rush({
    gatewayUrl: system.gatewayUrl,
    offeringId: warmOffering.offeringId,
    partners,
    amount: settings.warmUp.amount,
    connections: settings.warmUp.connections,
    firstN: 1,
    emailPrefix: 'warmup',
  });
  const warmMails = await waitForMails(smtp, new Set(warm.sent.map((s) => s.email)), settings.warmUp.amount, 180_000);
  const cpuGroups = cpuGroupsOf(system, prefix, infra.localKafka?.dataDir, loadGenerator, smtp);
  await untilQuiet(systemUnderTest(cpuGroups));
  const cpu = startCpuMeter(cpuGroups);
  onCleanup('CPU meter', async () => cpu.stop());
  const warmStatuses = countStatuses(warm);
  const warmUp =
    `${settings.warmUp.amount} registrations on another offering (${settings.warmUp.capacity} seats), ` +
    `${settings.warmUp.connections} connections, ${(warm.wallMs / 1000).toFixed(1)} s, answers ${JSON.stringify(warmStatuses)}, ` +
    `${warmMails.length} of ${settings.warmUp.amount} mails arrived before the runs`;

  const runs: RunSummary[] = [];
  for (let index = 1; index <= settings.runs; index += 1) {
    const offering = await scheduleOffering(backOffice, seminar, settings.capacity, index);
    await waitUntilOpen(registrationDb, offering.offeringId);
    runs.push(await measuredRun(index, offering, { system, smtp, loadGenerator, cpu, cpuGroups, partners, registrationDb, backOffice }));
  }

  const rssAfter = system.rssMiB();
  const failed = runs.some((r) => r.checks.some((c) => !c.pass));
  // Stop the services before reading their logs, so the logs are complete.
  await stopServices();
  const logs = summariseLogs(logDir);
  keepLogs = failed || settings.keepLogs;
  if (!('error' in baseline)) notes.push('the baseline ran before the services were started, so the two did not compete for the 2 cores');
  notes.push('the load generator and the SMTP server run in Node processes of their own; the benchmark process only coordinates');
  const header: Header = {
    startedAt: new Date(started),
    code,
    machine: `${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}, autocannon ${version('autocannon')}`,
    infrastructure: `${infra.source} (Kafka ${infra.kafkaBrokers}, PostgreSQL ${new URL(adminUrl).host}, databases ${prefix}_*)`,
    amount: settings.amount,
    connections: settings.connections,
    capacity: settings.capacity,
    partners: partners.map((p) => p.municipalityId),
    runs: settings.runs,
  };
  const logPlace = keepLogs ? logDir : `${logDir}, removed at the end; RUSH_KEEP_LOGS=1 keeps them`;
  console.log(formatReport({ header, baseline, warmUp, runs, rssAfter, logs, logDir: logPlace, notes }));
  if (logs.length > 0) {
    console.log('\nEXAMPLE LOG LINES (one per kind, most frequent first)');
    for (const g of logs.slice(0, 10)) console.log(`  [${g.service}] ${g.example}`);
  }
  return failed ? 1 : 0;
}

async function measuredRun(
  index: number,
  offering: Offering,
  ctx: {
    system: RunningSystem;
    smtp: MailReceiver;
    loadGenerator: LoadGenerator;
    cpu: CpuMeter;
    cpuGroups: CpuGroups;
    partners: Partner[];
    registrationDb: pg.Client;
    backOffice: ReturnType<typeof apiClient>;
  },
): Promise<RunSummary> {
  const loadAverageBefore = loadavg()[0] ?? 0;
  log(
    `run ${index}: ${settings.amount} registrations from ${settings.connections} connections (load average ${loadAverageBefore.toFixed(2)}) ...`,
  );
  const firstN = (index - 1) * settings.amount + 1;
  const cpuBefore = ctx.cpu.mark();
  const load = await ctx.loadGenerator.rush({
    gatewayUrl: ctx.system.gatewayUrl,
    offeringId: offering.offeringId,
    partners: ctx.partners,
    amount: settings.amount,
    connections: settings.connections,
    firstN,
    onProgress: (done) => log(`run ${index}: ${done} answered`),
  });
  const cpuAfterLoad = ctx.cpu.mark();
  log(`run ${index}: load phase took ${(load.wallMs / 1000).toFixed(1)} s; waiting for the e-mails ...`);
  const emails = new Set(Array.from({ length: settings.amount }, (_, i) => participantEmail(firstN + i)));
  const isConfirmation = (m: MailSummary) => (m.subject ?? '').startsWith('Anmeldebestätigung') && m.to.some((t) => emails.has(t));
  const confirmations = await waitForMatching(ctx.smtp, isConfirmation, settings.capacity, settings.mailTimeoutMs);
  const all = await waitForMails(ctx.smtp, emails, settings.amount, settings.mailTimeoutMs);
  const lastAt = (mails: readonly MailSummary[] | null, count: number) =>
    mails && mails.length >= count ? Math.max(...mails.map((m) => m.receivedAt)) - load.lastResponseAt : null;
  // Projections, invoices and mails go on after the last answer: the run's CPU includes them.
  const quiet = await untilQuiet(systemUnderTest(ctx.cpuGroups));
  const cpuAfter = ctx.cpu.mark();
  if (!quiet) log(`run ${index}: the system was still busy after a minute; CPU read anyway`);
  log(`run ${index}: checking the invariants ...`);
  const checks = await checkInvariants({
    load,
    amount: settings.amount,
    capacity: settings.capacity,
    offeringId: offering.offeringId,
    registrationDb: ctx.registrationDb,
    api: ctx.backOffice,
    confirmationMails: ctx.smtp.mails.filter(isConfirmation),
  });
  for (const c of checks) log(`run ${index}: ${c.pass ? 'PASS' : 'FAIL'} ${c.name}`);
  const statusCounts = countStatuses(load);
  return {
    index,
    offeringId: offering.offeringId,
    loadAverageBefore,
    wallMs: load.wallMs,
    registrationsPerSecond: settings.amount / (load.wallMs / 1000),
    latency: {
      p50: percentile(load.latenciesMs, 50),
      p95: percentile(load.latenciesMs, 95),
      p99: percentile(load.latenciesMs, 99),
      max: percentile(load.latenciesMs, 100),
    },
    slowestPerTenth: slowestPerTenth(load.latenciesMs),
    non2xx: load.answers.filter((a) => a.status < 200 || a.status >= 300).length,
    statusCounts,
    errors: load.errors,
    timeouts: load.timeouts,
    errorMessages: Object.fromEntries(load.errorMessages),
    confirmationsAfterLastResponseMs: lastAt(confirmations, settings.capacity),
    allMailsAfterLastResponseMs: lastAt(all, settings.amount),
    checks,
    rssMiB: ctx.system.rssMiB(),
    cpuMs: cpuBetween(cpuBefore, cpuAfter),
    loadPhaseCpuMs: cpuBetween(cpuBefore, cpuAfterLoad),
  };
}

/** The slowest of each tenth of the latencies, which are in the order the answers came. */
function slowestPerTenth(latencies: readonly number[]): number[] {
  return Array.from({ length: 10 }, (_, i) => {
    const tenth = latencies.slice(Math.floor((i * latencies.length) / 10), Math.floor(((i + 1) * latencies.length) / 10));
    return tenth.length > 0 ? Math.max(...tenth) : Number.NaN;
  });
}

function countStatuses(load: LoadResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of load.answers) {
    const type = a.status >= 300 && typeof a.body?.type === 'string' ? ` ${a.body.type.split('/').pop()}` : '';
    const key = `${a.status}${type}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The matching mails once `count` arrived; what arrived so far (or null when nothing) when the wait gives up. */
async function waitForMatching(
  smtp: MailReceiver,
  predicate: (m: MailSummary) => boolean,
  count: number,
  timeoutMs: number,
): Promise<MailSummary[]> {
  const { mails, complete } = await smtp.waitFor(predicate, count, timeoutMs);
  if (!complete) log(`gave up waiting for mails: ${mails.length} of ${count} arrived in ${timeoutMs / 1000} s`);
  return mails;
}

const waitForMails = (smtp: MailReceiver, to: ReadonlySet<string>, count: number, timeoutMs: number) =>
  waitForMatching(smtp, (m) => m.to.some((t) => to.has(t)), count, timeoutMs);

/** Every process that takes part, each on its own line of the CPU table. */
function cpuGroupsOf(
  system: RunningSystem,
  databasePrefix: string,
  kafkaDataDir: string | undefined,
  load: LoadGenerator,
  smtp: MailReceiver,
): CpuGroups {
  const services = Object.fromEntries(SERVICES.map((s) => [s, byPid(() => system.pids[s])]));
  return {
    ...services,
    Kafka: kafkaDataDir ? byCommandLine('kafka.Kafka', kafkaDataDir) : byCommandLine('kafka.Kafka'),
    PostgreSQL: postgresFor(databasePrefix),
    'load generator': byPid(() => load.pid),
    'SMTP server': byPid(() => smtp.pid),
    'benchmark process': byPid(() => process.pid),
  };
}

const OUTSIDE_THE_SYSTEM = new Set(['load generator', 'SMTP server', 'benchmark process']);
const systemUnderTest = (groups: CpuGroups): CpuGroups =>
  Object.fromEntries(Object.entries(groups).filter(([name]) => !OUTSIDE_THE_SYSTEM.has(name)));

runMain(main, log);
