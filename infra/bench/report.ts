/** The plain-text report of a rush benchmark. */
import type { ServiceName } from '@seminarwerk/testing';
import type { Baseline, PgbenchRun } from './baseline.ts';
import type { Check } from './invariants.ts';
import type { LogGroup } from './logs.ts';
import { median } from './stats.ts';

export interface RunSummary {
  index: number;
  offeringId: string;
  loadAverageBefore: number;
  wallMs: number;
  registrationsPerSecond: number;
  latency: { p50: number; p95: number; p99: number; max: number };
  /** The slowest answer in each tenth of the answers, in the order they came (where in the run the tail is). */
  slowestPerTenth: number[];
  non2xx: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  errorMessages: Record<string, number>;
  /** null: not all arrived before the wait gave up. Negative: all arrived before the last response. */
  confirmationsAfterLastResponseMs: number | null;
  allMailsAfterLastResponseMs: number | null;
  checks: Check[];
  rssMiB: Record<ServiceName, number>;
  /** CPU ms per process group from just before the load to when the system was quiet again (cpu.ts). */
  cpuMs: Record<string, number>;
  /** The same for the load phase alone (first request to last response). */
  loadPhaseCpuMs: Record<string, number>;
}

export interface Header {
  startedAt: Date;
  code: string;
  machine: string;
  infrastructure: string;
  amount: number;
  connections: number;
  capacity: number;
  partners: string[];
  runs: number;
}

export interface ReportInput {
  header: Header;
  baseline: Baseline | { error: string };
  warmUp: string;
  runs: RunSummary[];
  rssAfter: Record<ServiceName, number> | null;
  logs: LogGroup[];
  logDir: string;
  notes: string[];
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
const seconds = (ms: number | null) => (ms === null ? 'timed out' : `${fmt(ms / 1000, 1)} s`);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   '))
    .join('\n');
}

function pgbenchLine(run: PgbenchRun, what: string): string {
  return `  ${String(run.clients).padStart(3)} clients (${what}): ${fmt(run.tps, 1)} tps, latency avg ${fmt(run.latencyAvgMs, 1)} ms, ${fmt(
    run.transactions,
  )} transactions, ${run.failed} failed${run.consistent ? '' : ', INCONSISTENT counts afterwards'}`;
}

export function formatReport(input: ReportInput): string {
  const { header, baseline, runs } = input;
  const out: string[] = [];
  const line = (text = '') => out.push(text);

  line('SEMINARWERK RUSH BENCHMARK');
  line('='.repeat(26));
  line(`started         ${header.startedAt.toISOString()}`);
  line(`code            ${header.code}`);
  line(`machine         ${header.machine}`);
  line(`infrastructure  ${header.infrastructure}`);
  line(
    `load            ${fmt(header.amount)} registrations of distinct participants for one offering with ${fmt(header.capacity)} seats, ` +
      `${fmt(header.connections)} concurrent connections (autocannon), through the gateway`,
  );
  line(`partner keys    ${header.partners.join(', ')} (requests spread round-robin)`);
  line(`runs            ${header.runs}, each on a fresh offering; medians below (the machine is shared and noisy)`);
  line();

  line('BASELINE: pgbench on the same PostgreSQL server, measured BEFORE the system was started (nothing competing)');
  line('  transaction: BEGIN; SELECT ... FOR UPDATE (1 row); INSERT (1 row); UPDATE (the locked row); COMMIT');
  if ('error' in baseline) {
    line(`  FAILED: ${baseline.error}`);
  } else {
    line(`  max_connections = ${baseline.maxConnections}, connections in use before = ${baseline.connectionsInUseBefore}`);
    if (baseline.clientsNote) line(`  ${baseline.clientsNote}`);
    line(pgbenchLine(baseline.wide, 'as many as allowed'));
    line(pgbenchLine(baseline.pool, "the registration service's pool size"));
  }
  line();
  line(`WARM-UP (not counted): ${input.warmUp}`);
  line();

  const rows: string[][] = [['', ...runs.map((r) => `run ${r.index}`), 'median']];
  const metric = (name: string, values: number[], digits = 0, render?: (v: number) => string) => {
    const show = render ?? ((v: number) => fmt(v, digits));
    rows.push([name, ...values.map(show), show(median(values))]);
  };
  metric(
    'registrations/s',
    runs.map((r) => r.registrationsPerSecond),
    1,
  );
  metric(
    'load phase wall time (s)',
    runs.map((r) => r.wallMs / 1000),
    1,
  );
  metric(
    'latency p50 (ms)',
    runs.map((r) => r.latency.p50),
  );
  metric(
    'latency p95 (ms)',
    runs.map((r) => r.latency.p95),
  );
  metric(
    'latency p99 (ms)',
    runs.map((r) => r.latency.p99),
  );
  metric(
    'latency max (ms)',
    runs.map((r) => r.latency.max),
  );
  metric(
    'non-2xx answers',
    runs.map((r) => r.non2xx),
  );
  metric(
    'connection errors + timeouts',
    runs.map((r) => r.errors),
  );
  const mailRow = (name: string, pick: (r: RunSummary) => number | null) => {
    const values = runs.map(pick);
    const finite = values.filter((v): v is number => v !== null);
    rows.push([name, ...values.map(seconds), finite.length === values.length ? seconds(median(finite)) : 'n/a']);
  };
  mailRow(`${fmt(header.capacity)} confirmation mails done, after last response`, (r) => r.confirmationsAfterLastResponseMs);
  mailRow(`all ${fmt(header.amount)} notification mails done, after last resp.`, (r) => r.allMailsAfterLastResponseMs);
  if (!('error' in baseline)) {
    metric(
      `ratio to pgbench ${baseline.wide.clients} clients`,
      runs.map((r) => r.registrationsPerSecond / baseline.wide.tps),
      3,
    );
    metric(
      `ratio to pgbench ${baseline.pool.clients} clients`,
      runs.map((r) => r.registrationsPerSecond / baseline.pool.tps),
      3,
    );
  }
  metric(
    'load average before the run',
    runs.map((r) => r.loadAverageBefore),
    2,
  );
  line('RUNS (registrations/s = registrations / wall time from the first request to the last response)');
  line(table(rows).replace(/^/gm, '  '));
  line('  latency: per request, from writing the request to the complete response (autocannon timer)');
  line();

  line(cpuReport(runs, header.amount));
  line();

  for (const run of runs) {
    const statuses = Object.entries(run.statusCounts)
      .map(([s, c]) => `${s}: ${fmt(c)}`)
      .join(', ');
    line(`RUN ${run.index}  offering ${run.offeringId}; answers by status: ${statuses || 'none'}`);
    for (const [message, count] of Object.entries(run.errorMessages)) line(`  client error: ${message} x${count}`);
    for (const c of run.checks) line(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
    line(`  slowest answer per tenth of the answers, in arrival order (ms): ${run.slowestPerTenth.map((ms) => fmt(ms)).join(', ')}`);
    line(`  RSS after the run (MiB): ${rssText(run.rssMiB)}`);
    line();
  }

  if (input.rssAfter) line(`RSS OF EACH SERVICE AFTER ALL RUNS (MiB): ${rssText(input.rssAfter)}`);
  line();
  line(`SERVICE LOGS (warn and above; ${input.logDir})`);
  if (input.logs.length === 0) line('  none');
  for (const g of input.logs.slice(0, 25))
    line(`  ${g.service.padEnd(12)} ${g.level.padEnd(6)} x${String(g.count).padEnd(5)} ${g.message}`);
  if (input.logs.length > 25) line(`  ... and ${input.logs.length - 25} more kinds of lines`);
  for (const note of input.notes) line(`NOTE: ${note}`);
  line();
  const failed = runs.flatMap((r) => r.checks.filter((c) => !c.pass).map((c) => `run ${r.index}: ${c.name}`));
  const total = runs.reduce((n, r) => n + r.checks.length, 0);
  line(
    failed.length === 0
      ? `RESULT: PASS (${total} checks)`
      : `RESULT: FAIL (${failed.length} of ${total} checks failed: ${failed.join('; ')})`,
  );
  return out.join('\n');
}

const rssText = (rss: Record<string, number>) =>
  Object.entries(rss)
    .map(([s, mib]) => `${s} ${mib}`)
    .join(', ');

/** Groups that are not the system under test: they drive or observe it. */
const HARNESS = new Set(['load generator', 'SMTP server', 'benchmark process']);

function cpuReport(runs: readonly RunSummary[], amount: number): string {
  if (runs.length === 0) return '';
  const perRegistration = (ms: number) => ms / amount;
  const groups = Object.keys(runs[0]?.cpuMs ?? {});
  const rows: string[][] = [['ms CPU per registration', ...runs.map((r) => `run ${r.index}`), 'median', 'load phase (median)']];
  const row = (name: string, pick: (cpu: Record<string, number>) => number) => {
    const values = runs.map((r) => perRegistration(pick(r.cpuMs)));
    const loadPhase = runs.map((r) => perRegistration(pick(r.loadPhaseCpuMs)));
    rows.push([name, ...values.map((v) => fmt(v, 2)), fmt(median(values), 2), fmt(median(loadPhase), 2)]);
  };
  for (const group of groups) row(`  ${group}`, (cpu) => cpu[group] ?? 0);
  const sum = (cpu: Record<string, number>, keep: (group: string) => boolean) =>
    Object.entries(cpu).reduce((total, [group, ms]) => (keep(group) ? total + ms : total), 0);
  row('system under test (services, Kafka, PostgreSQL)', (cpu) => sum(cpu, (g) => !HARNESS.has(g) && g !== 'everything else'));
  row('total, all processes (machine busy time)', (cpu) => sum(cpu, () => true));
  return [
    'CPU PER REGISTRATION (user + system time from /proc, summed over all threads; from just before the load until the',
    'system was quiet again, so projections, invoices and e-mails after the last answer count; "everything else" is the',
    "machine's busy time not in any listed process, e.g. the XRechnung validator, the kernel, other sessions)",
    table(rows).replace(/^/gm, '  '),
  ].join('\n');
}
