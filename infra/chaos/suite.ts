/** The chaos suite around a running system: prepares the load, runs the scenarios one after another. */
import { createLogger } from '@seminarwerk/logging';
import { createKafka } from '@seminarwerk/messaging';
import type { RunningSystem, SmtpTestServer } from '@seminarwerk/testing';
import pg from 'pg';
import { databaseUrl } from '../postgres.mjs';
import type { Databases } from './backlog.ts';
import { CHAOS_APPLICATION_NAME, type Scenario } from './faults.ts';
import { type LoadOptions, newLoadLog } from './load.ts';
import { runScenario, type ScenarioResult, type SuiteContext } from './run.ts';
import { prepareWorkload, type WorkloadShape } from './setup.ts';

export interface ChaosOptions {
  system: RunningSystem;
  smtp: SmtpTestServer;
  backOfficeKey: string;
  postgresAdminUrl: string;
  databasePrefix: string;
  kafkaBrokers: string;
  kafkaNamespace: string;
  brokerOutage?: () => Promise<void>;
  smtpOutageMs: number;
  shape: WorkloadShape;
  load?: LoadOptions;
  beforeMs?: number;
  afterMs?: number;
  log: (line: string) => void;
}

export async function runChaos(options: ChaosOptions, scenarios: readonly Scenario[]): Promise<ScenarioResult[]> {
  const pool = (name: string) => {
    const db = new pg.Pool({ connectionString: name, application_name: CHAOS_APPLICATION_NAME, max: 2 });
    db.on('error', () => {}); // an idle connection dropped: the next query opens another
    return db;
  };
  const service = (name: keyof Databases) => pool(databaseUrl(options.postgresAdminUrl, `${options.databasePrefix}_${name}`));
  const databases: Databases = {
    catalogue: service('catalogue'),
    registration: service('registration'),
    invoicing: service('invoicing'),
    notification: service('notification'),
  };
  const admin = pool(options.postgresAdminUrl);
  const kafka = createKafka({
    brokers: options.kafkaBrokers.split(','),
    clientId: 'chaos',
    logger: createLogger('chaos', 'fatal'), // the broker being down is the point of one scenario
  });
  try {
    const workload = await prepareWorkload(options.system.gatewayUrl, options.backOfficeKey, databases.registration, options.shape);
    const ctx: SuiteContext = {
      ...options,
      admin,
      workload,
      loadLog: newLoadLog(),
      databases,
      kafka,
      capacity: options.shape.capacity,
      notificationKills: [],
    };
    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) results.push(await runScenario(ctx, scenario));
    return results;
  } finally {
    await Promise.all([...Object.values(databases), admin].map((db) => db.end()));
  }
}
