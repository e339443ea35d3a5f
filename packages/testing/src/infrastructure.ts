import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, stopBroker } from '../../../infra/kafka/broker.mjs';
import { DEFAULT_ADMIN_URL, ensurePostgres } from '../../../infra/postgres.mjs';

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
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.1'; // Kafka 3.9, like the local broker
const POSTGRES_IMAGE = 'postgres:17-alpine';

/** Chooses, in this order: KAFKA_BROKERS + DATABASE_URL from the environment, Docker, a local broker. */
export async function startTestInfrastructure({ log = () => {} }: { log?: Log } = {}): Promise<TestInfrastructure> {
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

async function startDocker(): Promise<TestInfrastructure> {
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

async function startLocal(postgresAdminUrl: string, log: Log): Promise<TestInfrastructure> {
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
