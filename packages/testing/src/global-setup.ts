import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { dropDatabase, listDatabases } from '../../../infra/postgres.mjs';
import type {} from './context.ts';
import { startTestInfrastructure, type TestInfrastructure } from './infrastructure.ts';

interface Shared {
  infra: Promise<TestInfrastructure>;
  runId: string;
  users: number;
}

// Vitest runs a globalSetup once per project that lists it; share one infrastructure
// across projects of the same run instead of starting a broker per project.
const key = Symbol.for('@seminarwerk/testing/infrastructure');
const registry = globalThis as { [key]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shared = registry[key];
  if (!shared) {
    // The run id starts with the start time, so later runs can recognise abandoned databases.
    const runId = `${Date.now().toString(36)}${randomBytes(1).toString('hex')}`;
    shared = { infra: startTestInfrastructure().then(dropStaleDatabases), runId, users: 0 };
    registry[key] = shared;
    shared.infra.then(
      (infra) => console.log(`[infra] ${describe(infra)}`),
      () => delete registry[key],
    );
  }
  shared.users += 1;
  const infra = await shared.infra;
  const { runId } = shared;

  project.provide('infraSource', infra.source);
  project.provide('kafkaBrokers', infra.kafkaBrokers);
  project.provide('postgresAdminUrl', infra.postgresAdminUrl);
  project.provide('kafkaDataDir', infra.localKafka?.dataDir ?? null);
  project.provide('kafkaPort', infra.localKafka?.port ?? null);
  project.provide('kafkaControllerPort', infra.localKafka?.controllerPort ?? null);
  project.provide('kafkaOwnerPid', infra.localKafka?.ownerPid ?? null);
  project.provide('validatorUrl', infra.validatorUrl);
  project.provide('testRunId', runId);

  return async () => {
    if (!shared || --shared.users > 0) return;
    delete registry[key];
    try {
      // Only this run's databases: other test runs may share the server right now.
      for (const name of await listDatabases(infra.postgresAdminUrl, 'sw_test_', `_${runId}_`)) {
        await dropDatabase(infra.postgresAdminUrl, name);
      }
    } finally {
      await infra.stop();
    }
  };
}

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

/** Drops databases left behind by interrupted runs (Ctrl-C, kill -9) that started hours ago. */
async function dropStaleDatabases(infra: TestInfrastructure): Promise<TestInfrastructure> {
  try {
    for (const name of await listDatabases(infra.postgresAdminUrl, 'sw_test_')) {
      const started = /_([0-9a-z]{8})[0-9a-f]{2}_[0-9a-f]{8}$/.exec(name)?.[1];
      if (started && Date.now() - Number.parseInt(started, 36) > STALE_AFTER_MS) {
        await dropDatabase(infra.postgresAdminUrl, name);
      }
    }
  } catch (error) {
    console.warn(`[infra] could not drop stale test databases: ${error}`);
  }
  return infra;
}

function describe(infra: TestInfrastructure): string {
  const started = infra.kafkaStartupMs === null ? 'given' : `started in ${infra.kafkaStartupMs} ms`;
  const validator = infra.validatorStartupMs === null ? 'given' : `started in ${infra.validatorStartupMs} ms`;
  const postgres = new URL(infra.postgresAdminUrl);
  if (postgres.password) postgres.password = '***';
  return `${infra.source} Kafka ${infra.kafkaBrokers} ${started}; PostgreSQL ${postgres}; XRechnung validator ${infra.validatorUrl} ${validator}`;
}
