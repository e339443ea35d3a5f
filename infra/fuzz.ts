// `npm run fuzz`: the fuzz suite at length. Starts Kafka, PostgreSQL, an SMTP server and the whole system (as the
// benchmarks do, with rate limits out of reach), makes real seminars, dates, registrations, invoices and keys, then
// sends FUZZ_REQUESTS (default 10,000) requests generated from the served OpenAPI document for every operation and
// role, valid, at the bounds and broken (packages/testing/src/fuzz). Prints a table per operation and every failure
// grouped, with the smallest request that shows it. Exits 1 on any 5xx or answer the document does not describe.
//
// FUZZ_SEED varies the requests (printed either way); FUZZ_CONCURRENCY (default 8); FUZZ_KEEP_LOGS=1 keeps the logs;
// FUZZ_OPERATIONS=register,cancelRegistration only those operations; FUZZ_VERBOSE=1 prints every request and answer.
import { randomBytes } from 'node:crypto';
import { startSystem } from '@seminarwerk/testing';
import { type FuzzRequest, formatFailures, formatTable, fuzz, fuzzSeed, NO_RATE_LIMITS, setUpFuzzTarget } from '@seminarwerk/testing/fuzz';
import { onCleanup, runMain } from './bench/lifecycle.ts';
import { startScratchRun } from './bench/scratch-run.ts';

const env = (name: string) => process.env[name];
const envInt = (name: string, fallback: number) => {
  const value = Number(env(name));
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const started = Date.now();
const log = (message: string) => console.error(`[fuzz +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function main(): Promise<number> {
  const seed = fuzzSeed(Math.floor(Math.random() * 2 ** 32));
  const requests = envInt('FUZZ_REQUESTS', 10_000);
  log(`seed ${seed} (FUZZ_SEED=${seed} sends the same requests again); starting Kafka and PostgreSQL ...`);
  const scratch = await startScratchRun({ database: 'fuzz', logs: 'fuzz' }, log);
  const { stamp, logDir, keepLogs } = scratch;
  const backOfficeKey = `sw_fuzz_back_office_${randomBytes(16).toString('hex')}`;
  log(`starting the services (logs: ${logDir}) ...`);
  const system = await startSystem(scratch.systemOptions(backOfficeKey, { KAFKA_NAMESPACE: `fuzz-${stamp}.`, ...NO_RATE_LIMITS }));
  onCleanup('services', () => system.stop());

  log('making seminars, dates, registrations, invoices and keys to aim at ...');
  const target = await setUpFuzzTarget(system.gatewayUrl, backOfficeKey);
  log(`sending ${requests} requests ...`);
  const report = await fuzz({
    baseUrl: system.gatewayUrl,
    target,
    seed,
    requests,
    concurrency: envInt('FUZZ_CONCURRENCY', 8),
    onProgress: (done) => log(`${done} answered`),
    ...(env('FUZZ_OPERATIONS') ? { operations: String(env('FUZZ_OPERATIONS')).split(',') } : {}),
    ...(env('FUZZ_VERBOSE') === '1'
      ? {
          onAnswer: (r: FuzzRequest, status: number, answer: string) =>
            console.error(
              `${status} ${r.role} ${r.kind} ${r.method} ${r.url} ${typeof r.body === 'string' ? r.body.slice(0, 300) : ''}\n    → ${answer.slice(0, 300)}`,
            ),
        }
      : {}),
  });
  console.log(formatTable(report));
  console.log(`\nFAILURES (grouped by operation, status and problem; the smallest request of each)\n${formatFailures(report.failures)}`);
  const failed = report.failures.length > 0;
  keepLogs(failed || env('FUZZ_KEEP_LOGS') === '1');
  return failed ? 1 : 0;
}

runMain(main, log);
