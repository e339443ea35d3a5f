/** The catalogue benchmark's report: the same page cached, directly and bare; the list uncached. */
import { cpus } from 'node:os';
import { median } from '../stats.ts';
import type { Measurement } from './measure.ts';
import type { DistinctPages } from './uncached.ts';

export interface ReportInput {
  settings: { path: string; connections: number; warmUpSeconds: number; runs: number; seconds: number };
  page: { items: number; bytes: Buffer };
  uncached: DistinctPages;
  results: Record<'ours' | 'catalogue' | 'bare' | 'uncached', Measurement[]>;
  loadBefore: number;
  infraSource: string;
}

const summary = (ms: Measurement[]) => {
  const also = (name: string) => median(ms.map((m) => m.alsoCpuMicrosPerAnswer[name] ?? Number.NaN));
  return {
    rps: median(ms.map((m) => m.requestsPerSecond)),
    p99: median(ms.map((m) => m.p99Ms)),
    cpu: median(ms.map((m) => m.serverCpuMicrosPerAnswer)),
    catalogueCpu: also('catalogue'),
    databaseCpu: also('database'),
    /** Gateway and catalogue together, per run, then the median. */
    servicesCpu: median(ms.map((m) => m.serverCpuMicrosPerAnswer + (m.alsoCpuMicrosPerAnswer.catalogue ?? Number.NaN))),
    loadGenerator: median(ms.map((m) => m.loadGeneratorCores)),
    runs: ms.map((m) => m.requestsPerSecond.toFixed(0)).join(' / '),
  };
};
type Summary = ReturnType<typeof summary>;

const num = (value: number, width: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-').padStart(width);

export function report(input: ReportInput): string {
  const { settings } = input;
  const ours = summary(input.results.ours);
  const bare = summary(input.results.bare);
  const uncached = summary(input.results.uncached);
  const row = (name: string, s: Summary) =>
    `  ${name.padEnd(34)}${num(s.rps, 8)}${num(s.p99, 8, 1)}${num(s.cpu, 10)}${num(s.loadGenerator * 100, 9)}    ${s.runs}`;
  const uncachedRow = (name: string, s: Summary) =>
    `  ${name.padEnd(34)}${num(s.rps, 8)}${num(s.p99, 8, 1)}${num(s.cpu, 10)}${num(s.catalogueCpu, 11)}${num(s.servicesCpu, 8)}` +
    `${num(s.databaseCpu, 9)}${num(s.loadGenerator * 100, 7)}    ${s.runs}`;
  const revisit = input.uncached.paths.length / uncached.rps;
  return [
    `CATALOGUE LIST BENCHMARK  GET ${settings.path}  (${input.page.items} items, ${input.page.bytes.length} bytes)`,
    `  ${settings.connections} connections, ${settings.warmUpSeconds} s warm-up each, ${settings.runs} alternating runs of ${settings.seconds} s, medians`,
    `  ${cpus().length} CPUs, load average ${input.loadBefore.toFixed(2)} before the runs, Node ${process.version}, infrastructure: ${input.infraSource}`,
    '',
    `  ${''.padEnd(34)}${'req/s'.padStart(8)}${'p99 ms'.padStart(8)}${'CPU µs'.padStart(10)}${'gen %'.padStart(9)}    req/s per run`,
    row('ours (gateway -> catalogue -> db)', ours),
    row('catalogue service directly', summary(input.results.catalogue)),
    row('bare Hono, fixed body', bare),
    `  ratio ours/bare: req/s ${(ours.rps / bare.rps).toFixed(3)}, p99 ${(ours.p99 / bare.p99).toFixed(2)}, ` +
      `CPU per answer ${(bare.cpu / ours.cpu).toFixed(3)} (bare/ours)`,
    '',
    `  UNCACHED: GET /v1/offerings with ${input.uncached.paths.length} distinct filters and cursors in turn ` +
      `(${input.uncached.meanItems.toFixed(1)} items, ${input.uncached.meanBytes.toFixed(0)} bytes per answer on average)`,
    `  ${''.padEnd(34)}${'req/s'.padStart(8)}${'p99 ms'.padStart(8)}${'gateway'.padStart(10)}${'catalogue'.padStart(11)}` +
      `${'sum'.padStart(8)}${'db'.padStart(9)}${'gen %'.padStart(7)}    req/s per run`,
    uncachedRow('ours, uncached (CPU µs per answer)', uncached),
    `  ratio bare/uncached CPU per answer: ${(bare.cpu / uncached.servicesCpu).toFixed(4)} (gateway + catalogue), ` +
      `${(bare.cpu / (uncached.servicesCpu + uncached.databaseCpu)).toFixed(4)} (with db)`,
    `  each path comes again after ${revisit.toFixed(1)} s on average${revisit < 1 ? ' (WARNING: near the 250 ms micro-cache)' : ''}`,
    '',
    '  Notes: the load generator, Kafka, PostgreSQL and all five services share the machine; the bare',
    '  server runs in its own process with the same hono and @hono/node-server versions as the gateway.',
    "  p99 comes from autocannon's histogram (whole milliseconds). CPU µs: user + system time of the answering",
    '  process (the gateway for ours) per answer. gen %: CPU of this process, whose one thread runs autocannon;',
    "  near 100 that target's req/s is the load generator's limit, not the server's. Uncached: gateway and",
    "  catalogue are the two services' processes, sum is both, db the catalogue database's PostgreSQL backends.",
  ].join('\n');
}
