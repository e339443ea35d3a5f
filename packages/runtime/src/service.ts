import { createApp, Metrics, type RejectionProblem, type ServiceApp, startServer } from '@seminarwerk/http';
import { createLogger, type Logger } from '@seminarwerk/logging';
import { type Inbox, inbox, migrate, prismaSql } from '@seminarwerk/postgres';
import { signingSecretOf } from './config.ts';
import { startEventPlumbing } from './event-plumbing.ts';
import type { RunningService } from './main.ts';
import { outboxMetrics } from './metrics.ts';
import { publishedOutboxRows, type RetentionPolicy, startRetention } from './retention.ts';

/** What the runtime needs of a service's Prisma client. */
interface ServiceDb {
  $queryRaw(query: TemplateStringsArray): Promise<unknown>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $transaction<R>(work: (tx: any) => Promise<R>): Promise<R>;
  $disconnect(): Promise<void>;
}

/** The interactive transaction client of a service's Prisma client. */
export type TxOf<Db extends ServiceDb> = Parameters<Parameters<Db['$transaction']>[0]>[0];

export interface ServiceConfig {
  PORT: number;
  HOST: string;
  DATABASE_URL: string;
  LOG_LEVEL: string;
  SHUTDOWN_TIMEOUT_MS?: number;
  KAFKA_BROKERS: string;
  KAFKA_NAMESPACE: string;
  KAFKA_SESSION_TIMEOUT_MS?: number;
  KAFKA_HEARTBEAT_INTERVAL_MS?: number;
  KAFKA_RETENTION_DAYS?: number;
  OUTBOX_RETENTION_DAYS?: number;
  PRINCIPAL_SIGNING_SECRET?: string | undefined;
}

export interface ServiceSpec<Db extends ServiceDb> {
  name: string;
  config: ServiceConfig;
  migrations: string;
  createDb: (databaseUrl: string) => Db;
  publishes: readonly string[];
  consumes?: readonly string[];
  /** The service's answer to each rejection code (its `src/http/problems.ts`). */
  rejections?: RejectionProblem;
  /**
   * Builds the service's parts once: event handlers, HTTP routes, and work beside them (e.g. a mail sender); `metrics`
   * is the service's registry, served at `GET /metrics`, for what only the service knows (decisions, queues).
   */
  wire: (db: Db, logger: Logger, metrics: Metrics) => ServiceParts<TxOf<Db>>;
}

export interface ServiceParts<Tx> {
  /** Registers a handler per consumed event contract: `consume: (on) => on(Contract, (data, { tx }) => …)`. */
  consume?: (on: Inbox<Tx>['on']) => void;
  routes: (app: ServiceApp) => void;
  background?: { stop(): Promise<void> };
  /** What the service keeps only for a while (docs/privacy.md), applied hourly beside the published outbox rows. */
  retention?: readonly RetentionPolicy[];
}

/**
 * The composition every event-driven service shares: migrate, open the database, start the outbox
 * relay and the inbox consumer, serve HTTP with health checks; stop in reverse order.
 */
export async function startService<Db extends ServiceDb>(spec: ServiceSpec<Db>): Promise<RunningService> {
  const { config } = spec;
  const principalSecret = signingSecretOf(spec.name, config);
  const logger = createLogger(spec.name, config.LOG_LEVEL);
  await migrate(config.DATABASE_URL, spec.migrations);
  const db = spec.createDb(config.DATABASE_URL);
  const metrics = new Metrics(spec.name);
  const parts = spec.wire(db, logger, metrics);
  const events = inbox<TxOf<Db>>({
    consumer: spec.name,
    transaction: (work) => db.$transaction(work),
    sql: prismaSql,
    logger: logger.child({ component: 'inbox' }),
  });
  parts.consume?.(events.on);
  const plumbing = await startEventPlumbing({
    service: spec.name,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    namespace: config.KAFKA_NAMESPACE,
    logger,
    publishes: spec.publishes,
    consumes: spec.consumes ? { topics: spec.consumes, subscriptions: events.subscriptions(), handleMany: events.handleMany } : undefined,
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
    retentionMs: config.KAFKA_RETENTION_DAYS ? Math.round(config.KAFKA_RETENTION_DAYS * 24 * 60 * 60 * 1000) : undefined,
    metrics,
    onPublished: spec.publishes.length > 0 ? outboxMetrics(metrics, () => unpublished(db)).published : undefined,
  });
  let stopping = false;
  const app = createApp({
    service: spec.name,
    logger,
    isStopping: () => stopping,
    readiness: { database: () => db.$queryRaw`SELECT 1`, kafka: plumbing.kafkaReady },
    rejections: spec.rejections,
    principalSecret,
    metrics,
  });
  parts.routes(app);
  const retention = startRetention(
    [...(spec.publishes.length > 0 ? [publishedOutboxRows(db, config.OUTBOX_RETENTION_DAYS ?? 7)] : []), ...(parts.retention ?? [])],
    logger.child({ component: 'retention' }),
  );
  // HTTP is served before the consumer has joined its group: after a kill -9 the join waits out the killed member's
  // session, and readiness says `kafka` is down until then. A join that fails for good ends the service (`failed`).
  const server = await startServer(app, config.PORT, config.HOST);
  const failed = plumbing.consumerJoined.then(() => new Promise<never>(() => {}));
  failed.catch(() => {}); // a caller that does not watch `failed` (a test) must not get an unhandled rejection
  return {
    url: server.url,
    failed,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    // Readiness says so at once; no new connections, the requests in flight finish. Then the consumer's batch and
    // the relay's, and the senders' items in flight (mail, webhooks); the database last, since all of them use it.
    async stop() {
      stopping = true;
      await server.close({ graceMs: config.SHUTDOWN_TIMEOUT_MS });
      await Promise.all([plumbing.stop(), parts.background?.stop(), retention.stop()]);
      await db.$disconnect();
    },
  };
}

async function unpublished(db: ServiceDb): Promise<{ rows: number; oldestAgeSeconds: number }> {
  const [row] = await db.$queryRawUnsafe<{ rows: number; age: number | null }[]>(
    `SELECT count(*)::int AS rows, extract(epoch FROM now() - min(created_at))::float8 AS age
       FROM outbox WHERE published_at IS NULL`,
  );
  return { rows: row?.rows ?? 0, oldestAgeSeconds: Math.max(0, row?.age ?? 0) };
}
