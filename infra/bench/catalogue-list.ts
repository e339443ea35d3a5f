// `npm run bench:catalogue`: how fast the public catalogue list answers, next to a bare Hono server.
// Starts its own Kafka, PostgreSQL databases, SMTP server and the whole system, seeds the demo
// catalogue plus extra seminars and dates so that the first page of GET /v1/offerings?limit=20 is full, then
// measures that page through the gateway, the same page from the catalogue service directly (where the
// time goes), a bare Hono server answering the same bytes (in its own process), and the list uncached:
// through the gateway, distinct filters and cursors in turn (catalogue-list/uncached.ts). With autocannon:
// a warm-up each, then alternating runs; reports medians and the ratio ours/bare, and the CPU time each
// answering process spends per answer (which does not depend on how hard the load generator can push); for the
// uncached list also the catalogue's and its database backends'.
//
// Knobs: CATALOGUE_BENCH_SECONDS (10), CATALOGUE_BENCH_CONNECTIONS (50), CATALOGUE_BENCH_RUNS (3),
// CATALOGUE_BENCH_WARMUP_SECONDS (3), CATALOGUE_BENCH_CPU_PROFILE=<dir> (every service writes a V8 CPU profile
// there when it stops, <pid>.cpuprofile: catalogue-list/cpu-profile.mjs; the profiler's overhead is in the figures then),
// CATALOGUE_BENCH_TARGETS (all: ours,catalogue,bare,uncached).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiClient, startSmtpServer, startSystem, startTestInfrastructure } from '@seminarwerk/testing';
import { dropDatabase, listDatabases } from '../postgres.mjs';
import { seedCatalogue } from '../seed.ts';
import { createSeminar, scheduleOffering } from './catalogue.ts';
import { type Measurement, type MeasureOptions, measure, processClock, startBareServer } from './catalogue-list/measure.ts';
import { report } from './catalogue-list/report.ts';
import { databaseBackends, distinctPages, scheduleMoreDates } from './catalogue-list/uncached.ts';
import { onCleanup, runMain } from './lifecycle.ts';
import { summariseLogs } from './logs.ts';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const settings = {
  path: '/v1/offerings?limit=20',
  pageSize: 20,
  seconds: envInt('CATALOGUE_BENCH_SECONDS', 10),
  connections: envInt('CATALOGUE_BENCH_CONNECTIONS', 50),
  runs: envInt('CATALOGUE_BENCH_RUNS', 3),
  warmUpSeconds: envInt('CATALOGUE_BENCH_WARMUP_SECONDS', 3),
  cpuProfileDir: process.env.CATALOGUE_BENCH_CPU_PROFILE,
  /** Only these targets (comma-separated: ours, catalogue, bare, uncached), e.g. to profile one of them. */
  only: process.env.CATALOGUE_BENCH_TARGETS?.split(','),
  /** Seminars added to the 8 of the demo catalogue, one offering each, so that 20 seminars and 24 offerings exist. */
  extraSeminars: 12,
  /** Then more dates for each of those, so that the uncached list has pages to follow: 60 offerings in all. */
  moreDatesPerSeminar: 3,
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const started = Date.now();
const log = (message: string) => console.error(`[catalogue +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function main(): Promise<number> {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const prefix = `sw_bench_catalogue_${stamp}_${randomBytes(2).toString('hex')}`;
  const logDir = join(tmpdir(), `seminarwerk-bench-catalogue-${stamp}`);
  let keepLogs = true;

  log('starting Kafka and PostgreSQL ...');
  const infra = await startTestInfrastructure({ log });
  onCleanup('infrastructure', async () => {
    log('stopping the infrastructure');
    await infra.stop();
  });
  onCleanup('databases', async () => {
    const databases = await listDatabases(infra.postgresAdminUrl, `${prefix}_`);
    log(`dropping ${databases.length} databases (${prefix}_*)`);
    for (const name of databases) await dropDatabase(infra.postgresAdminUrl, name);
  });
  onCleanup('service logs', async () => {
    if (keepLogs) log(`service logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  });
  const smtp = await startSmtpServer();
  onCleanup('SMTP server', () => smtp.close());

  const backOfficeKey = `sw_bench_back_office_${randomBytes(16).toString('hex')}`;
  log(`starting the services (logs: ${logDir}) ...`);
  const system = await startSystem({
    kafkaBrokers: infra.kafkaBrokers,
    postgresAdminUrl: infra.postgresAdminUrl,
    validatorUrl: infra.validatorUrl,
    databasePrefix: prefix,
    smtpUrl: smtp.url,
    backOfficeKey,
    logDir,
    logLevel: 'warn',
    // The benchmark measures capacity, not policy: limits far above anything it can send.
    env: {
      KAFKA_NAMESPACE: `bench-catalogue-${stamp}.`,
      NODE_ENV: 'production',
      ...(settings.cpuProfileDir
        ? {
            NODE_OPTIONS: `--import ${join(root, 'infra/bench/catalogue-list/cpu-profile.mjs')}`,
            CPU_PROFILE_DIR: resolve(settings.cpuProfileDir),
          }
        : {}),
      RATE_LIMIT_PARTNER_PER_SECOND: '1000000',
      RATE_LIMIT_PARTNER_BURST: '1000000',
      RATE_LIMIT_BACKOFFICE_PER_SECOND: '1000000',
      RATE_LIMIT_BACKOFFICE_BURST: '1000000',
      RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000',
      RATE_LIMIT_ANONYMOUS_BURST: '1000000',
    },
  });
  let servicesRunning = true;
  const stopServices = async () => {
    if (!servicesRunning) return;
    servicesRunning = false;
    log('stopping the services');
    await system.stop();
  };
  onCleanup('services', stopServices);

  log('seeding the demo catalogue and extra seminars ...');
  const backOffice = apiClient(system.gatewayUrl, backOfficeKey);
  const demoSeminars = await seedCatalogue(backOffice);
  const extraSeminars: string[] = [];
  for (let i = 1; i <= settings.extraSeminars; i += 1) {
    const seminar = await createSeminar(backOffice, `Verwaltung digital, Teil ${i} (${stamp})`);
    await scheduleOffering(backOffice, seminar, 20, i);
    extraSeminars.push(seminar.seminarId);
  }
  const moreDates = await scheduleMoreDates(backOffice, extraSeminars, settings.moreDatesPerSeminar);
  const page = await firstFullPage(`${system.gatewayUrl}${settings.path}`);
  log(
    `first page: ${page.items} items, ${page.bytes.length} bytes (${demoSeminars} demo + ${settings.extraSeminars} extra seminars, ` +
      `${moreDates} more dates)`,
  );
  const uncached = await distinctPages(system.urls.catalogue);
  log(`uncached: ${uncached.paths.length} distinct paths, ${uncached.meanItems.toFixed(1)} items per page on average`);
  const catalogueDatabase = databaseBackends(infra.postgresAdminUrl, `${prefix}_catalogue`);
  onCleanup('database client', () => catalogueDatabase.close());

  const bodyDir = mkdtempSync(join(tmpdir(), 'seminarwerk-bench-catalogue-'));
  onCleanup('page file', async () => rmSync(bodyDir, { recursive: true, force: true }));
  const bodyFile = join(bodyDir, 'page.json');
  writeFileSync(bodyFile, page.bytes);
  const bare = await startBareServer(bodyFile, root);
  onCleanup('bare server', () => bare.stop());
  const bareBytes = Buffer.from(await (await fetch(`${bare.url}${settings.path}`)).arrayBuffer());
  if (!bareBytes.equals(page.bytes)) throw new Error('the bare server does not answer the same bytes as the gateway');

  const targets = {
    ours: `${system.gatewayUrl}${settings.path}`,
    catalogue: `${system.urls.catalogue}${settings.path.replace(/^\/v1/, '')}`,
    bare: `${bare.url}${settings.path}`,
    uncached: system.gatewayUrl,
  };
  const names = (Object.keys(targets) as (keyof typeof targets)[]).filter((t) => !settings.only || settings.only.includes(t));
  /** The process that answers each target: its CPU per answer is measured too. */
  const pids = { ours: system.pids.gateway, catalogue: system.pids.catalogue, bare: bare.pid, uncached: system.pids.gateway };
  const options = (target: keyof typeof targets): Omit<MeasureOptions, 'seconds'> => ({
    connections: settings.connections,
    serverPid: pids[target],
    ...(target === 'uncached'
      ? {
          paths: uncached.paths,
          alsoCpuOf: { catalogue: processClock(system.pids.catalogue), database: catalogueDatabase.clock },
        }
      : {}),
  });
  log(`warm-up: ${settings.warmUpSeconds} s each ...`);
  for (const target of names) {
    const warm = await measure(targets[target], { ...options(target), seconds: settings.warmUpSeconds });
    log(`warm-up: ${target}: ${describe(warm)}`);
  }
  const loadBefore = loadavg()[0] ?? 0;
  const results: Record<keyof typeof targets, Measurement[]> = { ours: [], catalogue: [], bare: [], uncached: [] };
  for (let run = 1; run <= settings.runs; run += 1) {
    for (const target of names) {
      const load = (loadavg()[0] ?? 0).toFixed(2);
      log(`run ${run}/${settings.runs}: ${target}, ${settings.seconds} s, ${settings.connections} connections (load average ${load}) ...`);
      const result = await measure(targets[target], { ...options(target), seconds: settings.seconds });
      log(`run ${run}/${settings.runs}: ${target}: ${describe(result)}`);
      results[target].push(result);
    }
  }

  await stopServices();
  const logs = summariseLogs(logDir);
  const failed = Object.values(results)
    .flat()
    .some((r) => r.non2xx + r.errors + r.timeouts > 0);
  keepLogs = failed; // the warnings and errors are summarised below
  console.log(report({ settings, page, uncached, results, loadBefore, infraSource: infra.source }));
  for (const g of logs.slice(0, 10))
    console.log(`  service log [${g.service}] ${g.count} x ${g.level}: ${g.message.replace(/\s+/g, ' ').slice(0, 160)}`);
  if (failed) console.log('FAILED: some answers were not 2xx or did not arrive (see the runs above)');
  return failed ? 1 : 0;
}

/** The page once it has `pageSize` items: the catalogue may still be applying the seeded events. */
async function firstFullPage(url: string, timeoutMs = 60_000): Promise<{ items: number; bytes: Buffer }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${bytes.toString('utf8').slice(0, 500)}`);
    const items = (JSON.parse(bytes.toString('utf8')) as { items: unknown[] }).items.length;
    if (items >= settings.pageSize) return { items, bytes };
    if (Date.now() > deadline) throw new Error(`GET ${url} has ${items} items, not ${settings.pageSize}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const describe = (m: Measurement) =>
  `${m.requestsPerSecond.toFixed(0)} req/s, p99 ${m.p99Ms} ms, ${m.requests} answers, ` +
  `server ${m.serverCpuMicrosPerAnswer.toFixed(0)} µs CPU per answer (${(m.serverSystemShare * 100).toFixed(0)} % system)` +
  Object.entries(m.alsoCpuMicrosPerAnswer)
    .map(([name, micros]) => `, ${name} ${micros.toFixed(0)} µs`)
    .join('') +
  `, load generator ${(m.loadGeneratorCores * 100).toFixed(0)} % of a core` +
  (m.non2xx + m.errors + m.timeouts > 0 ? `, ${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts` : '');

runMain(main, log);
