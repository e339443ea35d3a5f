import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, stopBroker } from '../../../infra/kafka/broker.mjs';
import { DEFAULT_ADMIN_URL, ensurePostgres } from '../../../infra/postgres.mjs';
import { startValidator } from '../../../infra/validator/validator.mjs';

export type InfraSource = 'environment' | 'docker' | 'local';

export interface LocalKafka {
  dataDir: string;
  port: number;
  controllerPort: number;
  /** The broker and its data dir go away when this process dies without teardown. */
  ownerPid: number;
}

export interface TestInfrastructure {
  source: InfraSource;
  kafkaBrokers: string;
  /** URL of a database on the server as a user that may create databases. */
  postgresAdminUrl: string;
  /** null when nothing was started. */
  kafkaStartupMs: number | null;
  /** Only for the local source. */
  localKafka?: LocalKafka;
  /** Only for the local source: SIGKILL the broker and start it again on the same ports and data. */
  restartKafka?: () => Promise<void>;
  /** The XRechnung validator (infra/validator): `VALIDATOR_URL`, or one started for this run. */
  validatorUrl: string;
  /** null when the environment gave the validator. */
  validatorStartupMs: number | null;
  stop(): Promise<void>;
}

type KafkaAndPostgres = Omit<TestInfrastructure, 'validatorUrl' | 'validatorStartupMs'>;

interface TestValidator {
  url: string;
  startupMs: number | null;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.1'; // Kafka 3.9, like the local broker
const POSTGRES_IMAGE = 'postgres:17-alpine';

/**
 * Kafka and PostgreSQL: KAFKA_BROKERS + DATABASE_URL from the environment, Docker, or a local broker, in this order.
 * The XRechnung validator: VALIDATOR_URL from the environment, or a local one. Both start at the same time.
 */
export async function startTestInfrastructure({ log = () => {} }: { log?: Log } = {}): Promise<TestInfrastructure> {
  const [kafkaAndPostgres, validator] = await Promise.allSettled([startKafkaAndPostgres(log), startTestValidator(log)]);
  if (kafkaAndPostgres.status === 'fulfilled' && validator.status === 'fulfilled') {
    const infra = kafkaAndPostgres.value;
    return {
      ...infra,
      validatorUrl: validator.value.url,
      validatorStartupMs: validator.value.startupMs,
      stop: async () => {
        await Promise.all([infra.stop(), validator.value.stop()]);
      },
    };
  }
  // Whatever did start must not outlive the failure.
  for (const started of [kafkaAndPostgres, validator]) if (started.status === 'fulfilled') await started.value.stop();
  throw kafkaAndPostgres.status === 'rejected' ? kafkaAndPostgres.reason : (validator as PromiseRejectedResult).reason;
}

async function startTestValidator(log: Log): Promise<TestValidator> {
  const { VALIDATOR_URL } = process.env;
  if (VALIDATOR_URL) {
    await assertValidatorAnswers(VALIDATOR_URL);
    return { url: VALIDATOR_URL, startupMs: null, stop: async () => {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'seminarwerk-validator-'));
  try {
    const [port] = await freePorts(1);
    const validator = await startValidator({ dataDir, port, ownerPid: process.pid, log });
    return {
      url: validator.url,
      startupMs: validator.startupMs,
      stop: async () => {
        await validator.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A VALIDATOR_URL that does not answer fails the run at once, not every test that validates a document. */
async function assertValidatorAnswers(url: string): Promise<void> {
  let status: number | string;
  try {
    status = (await fetch(new URL('/health', url), { signal: AbortSignal.timeout(5000) })).status;
  } catch (error) {
    status = (error as Error).message;
  }
  if (status !== 200) {
    throw new Error(
      `VALIDATOR_URL=${url} is not a ready XRechnung validator (GET /health: ${status}); start one with \`npm run infra:up\``,
    );
  }
}

async function startKafkaAndPostgres(log: Log): Promise<KafkaAndPostgres> {
  const { KAFKA_BROKERS, DATABASE_URL } = process.env;
  if (KAFKA_BROKERS && DATABASE_URL) {
    return {
      source: 'environment',
      kafkaBrokers: KAFKA_BROKERS,
      postgresAdminUrl: DATABASE_URL,
      kafkaStartupMs: null,
      stop: async () => {},
    };
  }
  if (await containerRuntimeAvailable()) return startDocker();
  return startLocal(DATABASE_URL ?? DEFAULT_ADMIN_URL, log);
}

async function containerRuntimeAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false; // expected on machines without a Docker engine
  }
}

async function startDocker(): Promise<KafkaAndPostgres> {
  const [{ KafkaContainer }, { PostgreSqlContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/postgresql'),
  ]);
  const started = Date.now();
  let kafkaStartupMs = 0;
  const [kafka, postgres] = await Promise.all([
    new KafkaContainer(KAFKA_IMAGE)
      .withKraft()
      .start()
      .then((container) => {
        kafkaStartupMs = Date.now() - started;
        return container;
      }),
    new PostgreSqlContainer(POSTGRES_IMAGE).start(),
  ]);
  return {
    source: 'docker',
    kafkaBrokers: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    postgresAdminUrl: postgres.getConnectionUri(),
    kafkaStartupMs,
    stop: async () => {
      await Promise.all([kafka.stop(), postgres.stop()]);
    },
  };
}

async function startLocal(postgresAdminUrl: string, log: Log): Promise<KafkaAndPostgres> {
  await ensurePostgres(postgresAdminUrl);
  const [port, controllerPort] = await freePorts(2);
  const localKafka: LocalKafka = {
    dataDir: mkdtempSync(join(tmpdir(), 'seminarwerk-kafka-')),
    port: port as number,
    controllerPort: controllerPort as number,
    ownerPid: process.pid,
  };
  try {
    const broker = await startBroker({ ...localKafka, log });
    return {
      source: 'local',
      kafkaBrokers: broker.brokers,
      postgresAdminUrl,
      kafkaStartupMs: broker.startupMs,
      localKafka,
      restartKafka: async () => {
        await restartLocalKafka(localKafka);
      },
      stop: async () => {
        // Stops by the pid file, so it also ends a broker that a test worker restarted.
        await stopBroker(localKafka.dataDir);
        rmSync(localKafka.dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(localKafka.dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Simulates a broker crash: SIGKILL, then start again with the same data dir and ports. Returns the startup time. */
export async function restartLocalKafka(kafka: LocalKafka): Promise<number> {
  await stopBroker(kafka.dataDir, { signal: 'SIGKILL' });
  const broker = await startBroker(kafka);
  return broker.startupMs;
}

async function freePorts(count: number): Promise<number[]> {
  // Keep all listeners open until every port is known, so the ports are distinct.
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
