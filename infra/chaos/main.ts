// `npm run chaos`: the whole system (its own Kafka broker, its own databases, an SMTP test server in this process,
// supervision on) under a steady load of registrations, cancellations and invoice runs while one fault at a time
// happens; after each, once the system has caught up, the invariants. Prints the table; exits 1 if anything failed.
//
//   --only=notification,broker    scenarios whose name contains one of these words
//   --smtp-outage-seconds=N       how long the SMTP server refuses mail (default 60)
//   --broker-down-seconds=N       how long the broker stays stopped (default 10)
//   --keep-logs                   keep the service logs even when everything passed
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startSystem } from '@seminarwerk/testing';
import { onCleanup, runMain } from '../bench/lifecycle.ts';
import { startScratchRun } from '../bench/scratch-run.ts';
import { startBroker, stopBroker } from '../kafka/broker.mjs';
import { ALL_SCENARIOS } from './faults.ts';
import { allPassed, formatDetails, formatTable } from './report.ts';
import { runChaos } from './suite.ts';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    'smtp-outage-seconds': { type: 'string', default: '60' },
    'broker-down-seconds': { type: 'string', default: '10' },
    'keep-logs': { type: 'boolean', default: false },
  },
});
const started = Date.now();
const log = (line: string) => console.error(`[chaos +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function main(): Promise<number> {
  // A broker of our own, so that it may be stopped: never the one in KAFKA_BROKERS that others share.
  delete process.env.KAFKA_BROKERS;
  log('starting Kafka and PostgreSQL ...');
  const { stamp, prefix, logDir, infra, smtp, keepLogs } = await startScratchRun({ database: 'chaos', logs: 'chaos' }, log);

  const backOfficeKey = `sw_chaos_back_office_${randomBytes(16).toString('hex')}`;
  const kafkaNamespace = `chaos-${stamp}.`;
  log(`starting the services, supervised (logs: ${logDir}) ...`);
  const system = await startSystem({
    kafkaBrokers: infra.kafkaBrokers,
    postgresAdminUrl: infra.postgresAdminUrl,
    validatorUrl: infra.validatorUrl,
    databasePrefix: prefix,
    smtpUrl: smtp.url,
    backOfficeKey,
    logDir,
    logLevel: 'warn',
    supervise: { log },
    env: {
      KAFKA_NAMESPACE: kafkaNamespace,
      // The load is several partners and the back office at a steady rate; the limits are not what is tested.
      RATE_LIMIT_PARTNER_PER_SECOND: '1000000',
      RATE_LIMIT_PARTNER_BURST: '1000000',
      RATE_LIMIT_BACKOFFICE_PER_SECOND: '1000000',
      RATE_LIMIT_BACKOFFICE_BURST: '1000000',
    },
  });
  onCleanup('services', () => system.stop());

  const local = infra.localKafka;
  const brokerDownMs = Number(flags['broker-down-seconds']) * 1000;
  const only = flags.only?.split(',').filter(Boolean);
  const scenarios = only ? ALL_SCENARIOS.filter((s) => only.some((word) => s.name.includes(word))) : ALL_SCENARIOS;
  const results = await runChaos(
    {
      system,
      smtp,
      backOfficeKey,
      postgresAdminUrl: infra.postgresAdminUrl,
      databasePrefix: prefix,
      kafkaBrokers: infra.kafkaBrokers,
      kafkaNamespace,
      ...(local
        ? {
            brokerOutage: async () => {
              await stopBroker(local.dataDir);
              log(`broker stopped; starting it again in ${brokerDownMs / 1000} s`);
              await new Promise((resolve) => setTimeout(resolve, brokerDownMs));
              await startBroker(local);
              log('broker up again');
            },
          }
        : {}),
      smtpOutageMs: Number(flags['smtp-outage-seconds']) * 1000,
      shape: { partners: 4, offerings: 6, capacity: 5 },
      log,
    },
    scenarios,
  );
  console.log(`\nCHAOS (${new Date(started).toISOString()}, ${((Date.now() - started) / 60_000).toFixed(1)} min)\n`);
  console.log(formatTable(results));
  console.log(`\n${formatDetails(results)}`);
  const passed = allPassed(results);
  keepLogs(!passed || flags['keep-logs'] === true);
  return passed ? 0 : 1;
}

runMain(main, log);
