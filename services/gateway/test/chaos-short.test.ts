/**
 * The chaos suite's short form (infra/chaos; `npm run chaos` runs every scenario): the whole system, supervised, under
 * a steady load of registrations, cancellations and invoice runs through this gateway, while registration is killed
 * with SIGKILL and then the broker is restarted. After each, once the system has caught up, every invariant must hold.
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRestartKafka, type RunningSystem, restartKafka, type SmtpTestServer, startSmtpServer, startSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { brokerRestart, kill } from '../../../infra/chaos/faults.ts';
import { formatDetails, formatTable } from '../../../infra/chaos/report.ts';
import { runChaos } from '../../../infra/chaos/suite.ts';

const suffix = randomBytes(4).toString('hex');
// The global teardown drops this run's sw_test_* databases.
const databasePrefix = `sw_test_chaos_${inject('testRunId')}_${suffix}`;
const kafkaNamespace = `test-chaos-${suffix}.`;
const backOfficeKey = `sw_test_back_office_${randomBytes(16).toString('hex')}`;
const logDir = join(tmpdir(), `seminarwerk-test-chaos-${suffix}`);
let smtp: SmtpTestServer;
let system: RunningSystem;
const restarts: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startSystem({
    kafkaBrokers: inject('kafkaBrokers'),
    postgresAdminUrl: inject('postgresAdminUrl'),
    validatorUrl: inject('validatorUrl'),
    databasePrefix,
    smtpUrl: smtp.url,
    backOfficeKey,
    logDir,
    logLevel: 'warn',
    supervise: { log: (line) => restarts.push(line) },
    env: {
      KAFKA_NAMESPACE: kafkaNamespace,
      RATE_LIMIT_PARTNER_PER_SECOND: '1000000',
      RATE_LIMIT_PARTNER_BURST: '1000000',
      RATE_LIMIT_BACKOFFICE_PER_SECOND: '1000000',
      RATE_LIMIT_BACKOFFICE_BURST: '1000000',
    },
  });
});

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

it('keeps every invariant through a kill -9 of registration mid-rush and a broker restart', { timeout: 300_000 }, async () => {
  // CI starts its own broker (the harness's local one), so there the broker scenario always runs.
  if (process.env.CI) expect(canRestartKafka(), 'in CI the harness owns the broker').toBe(true);
  const lines: string[] = [];
  const results = await runChaos(
    {
      system,
      smtp,
      backOfficeKey,
      postgresAdminUrl: inject('postgresAdminUrl'),
      databasePrefix,
      kafkaBrokers: inject('kafkaBrokers'),
      kafkaNamespace,
      ...(canRestartKafka() ? { brokerOutage: restartKafka } : {}),
      smtpOutageMs: 0,
      shape: { partners: 2, offerings: 2, capacity: 3 },
      load: { workers: 3, thinkMs: 100, invoiceRunEveryMs: 2_000 },
      beforeMs: 2_000,
      afterMs: 2_000,
      log: (line) => lines.push(line),
    },
    [kill('registration'), brokerRestart],
  );
  const report = `${formatTable(results)}\n${formatDetails(results)}\n${restarts.join('\n')}\n${lines.join('\n')}\nservice logs: ${logDir}`;
  console.log(report);
  for (const result of results.filter((r) => !r.skipped)) {
    expect(result.failed, report).toBe(0);
    expect(
      result.invariants.filter((i) => !i.pass),
      report,
    ).toEqual([]);
  }
  expect(results[0]?.requests, 'the load ran').toBeGreaterThan(0);
});
