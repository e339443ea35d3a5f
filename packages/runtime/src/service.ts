import { createApp, type ServiceApp, startServer } from '@seminarwerk/http';
import { createLogger, type Logger } from '@seminarwerk/logging';
import type { EventHandler } from '@seminarwerk/messaging';
import { migrate } from '@seminarwerk/postgres';
import { startEventPlumbing } from './event-plumbing.ts';
import type { RunningService } from './main.ts';

interface ServiceDb {
  $queryRaw(query: TemplateStringsArray): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export interface ServiceConfig {
  PORT: number;
  HOST: string;
  DATABASE_URL: string;
  LOG_LEVEL: string;
  KAFKA_BROKERS: string;
  KAFKA_NAMESPACE: string;
}

export interface ServiceSpec<Db extends ServiceDb> {
  name: string;
  config: ServiceConfig;
  migrations: string;
  createDb: (databaseUrl: string) => Db;
  publishes: readonly string[];
  consumes?: readonly string[];
  /** Builds the service's parts once: event handlers, HTTP routes, and work beside them (e.g. a mail sender). */
  wire: (db: Db, logger: Logger) => ServiceParts;
}

export interface ServiceParts {
  handlers?: Record<string, EventHandler>;
  routes: (app: ServiceApp) => void;
  background?: { stop(): Promise<void> };
}

/**
 * The composition every event-driven service shares: migrate, open the database, start the outbox
 * relay and the inbox consumer, serve HTTP with health checks; stop in reverse order.
 */
export async function startService<Db extends ServiceDb>(spec: ServiceSpec<Db>): Promise<RunningService> {
  const { config } = spec;
  const logger = createLogger(spec.name, config.LOG_LEVEL);
  await migrate(config.DATABASE_URL, spec.migrations);
  const db = spec.createDb(config.DATABASE_URL);
  const parts = spec.wire(db, logger);
  const plumbing = await startEventPlumbing({
    service: spec.name,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    namespace: config.KAFKA_NAMESPACE,
    logger,
    publishes: spec.publishes,
    consumes: spec.consumes ? { topics: spec.consumes, handlers: parts.handlers ?? {} } : undefined,
  });
  const app = createApp({
    service: spec.name,
    logger,
    readiness: { database: () => db.$queryRaw`SELECT 1`, kafka: plumbing.kafkaReady },
  });
  parts.routes(app);
  const server = await startServer(app, config.PORT, config.HOST);
  return {
    url: server.url,
    async stop() {
      await server.close();
      await plumbing.stop();
      await parts.background?.stop();
      await db.$disconnect();
    },
  };
}
