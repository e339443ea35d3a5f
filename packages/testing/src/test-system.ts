import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDatabase } from '../../../infra/postgres.mjs';
import { provided } from './context.ts';
import { type RunningSystem, type ServiceName, type StaffSeed, startSystem } from './system.ts';

/** One staff account per role, for tests that start the back office (`backoffice: true`). */
export const TEST_STAFF: readonly StaffSeed[] = (['sachbearbeitung', 'rechnungswesen', 'admin'] as const).map((role) => ({
  username: role,
  password: `test-${role}-${randomBytes(9).toString('base64url')}`,
  role,
  displayName: `Test ${role}`,
}));

export interface TestSystem extends RunningSystem {
  backOfficeKey: string;
  logDir: string;
  /** Prefix of this system's topics and consumer groups (`KAFKA_NAMESPACE`), e.g. `test-1a2b3c4d.`. */
  kafkaNamespace: string;
  /** A service's database, for checks the API cannot make (what its events table recorded). */
  databaseUrl(service: ServiceName): Promise<string>;
}

/**
 * The whole system as separate processes against the test run's Kafka and PostgreSQL, with fresh
 * databases the global teardown drops. Service logs go to a temp folder named in failures.
 */
export async function startTestSystem(options: {
  smtpUrl: string;
  services?: readonly ServiceName[];
  /** Also start the back-office app with TEST_STAFF (opt-in: it costs a process and a database). */
  backoffice?: boolean;
  /** Extra environment for every service (e.g. RATE_LIMIT_* far out of reach). */
  env?: Record<string, string>;
  /** The services' LOG_LEVEL (default `warn`; `info` for a test that reads the logs). */
  logLevel?: string;
}): Promise<TestSystem> {
  const suffix = randomBytes(4).toString('hex');
  const logDir = join(tmpdir(), `seminarwerk-test-${suffix}`);
  const databasePrefix = `sw_test_sys_${provided('testRunId')}_${suffix}`;
  const backOfficeKey = `sw_test_back_office_${randomBytes(16).toString('hex')}`;
  const kafkaNamespace = `test-${suffix}.`;
  const system = await startSystem({
    kafkaBrokers: provided('kafkaBrokers'),
    postgresAdminUrl: provided('postgresAdminUrl'),
    databasePrefix,
    smtpUrl: options.smtpUrl,
    validatorUrl: provided('validatorUrl'),
    backOfficeKey,
    logDir,
    logLevel: options.logLevel ?? 'warn',
    services: options.services,
    // Topics and consumer groups of its own: other suites share the broker.
    env: { ...options.env, KAFKA_NAMESPACE: kafkaNamespace },
    ...(options.backoffice ? { backoffice: { staff: TEST_STAFF } } : {}),
  });
  const databaseUrl = (service: ServiceName) => ensureDatabase(provided('postgresAdminUrl'), `${databasePrefix}_${service}`);
  // Not a spread: `pids` names the processes running now, after restarts too.
  return Object.assign(system, { backOfficeKey, logDir, kafkaNamespace, databaseUrl });
}
