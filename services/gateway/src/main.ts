import { fileURLToPath } from 'node:url';
import { Metrics, metricsOnly, startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { isEntryPoint, type RunningService, runUntilSignalled, signingSecretOf } from '@seminarwerk/runtime';
import { createGateway, signing } from './app.ts';
import { apiKeys } from './auth/api-keys.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { edgeSettingsOf } from './edge/edge.ts';
import { idempotencyStore } from './idempotency/idempotency.ts';
import { accessRequests } from './privacy/access-requests.ts';
import { erasures } from './privacy/erasures.ts';
import { upstreamMonitor } from './upstream-health.ts';

const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** How often the uses of keys are written (each key at most once a minute, see last-used.ts). */
const LAST_USED_FLUSH_MS = 5_000;

export async function startGateway(config: Config): Promise<RunningService> {
  const principalSigningSecret = signingSecretOf('gateway', config);
  const logger = createLogger('gateway', config.LOG_LEVEL);
  await migrate(config.DATABASE_URL, migrations);
  const db = createDb(config.DATABASE_URL);
  const keys = apiKeys(db, { cacheSize: config.API_KEY_CACHE_SIZE, cacheTtlMs: config.API_KEY_CACHE_TTL_SECONDS * 1000 });
  const keyChanges = await keys.listenForChanges(config.DATABASE_URL, logger.child({ component: 'api-key-changes' }));
  const flushLastUsed = () =>
    keys.lastUsed.flush().catch((error: Error) => logger.warn({ err: error.message }, 'could not record when keys were used'));
  const lastUsed = setInterval(() => void flushLastUsed(), LAST_USED_FLUSH_MS);
  lastUsed.unref();
  if (config.BOOTSTRAP_BACK_OFFICE_KEY) {
    await keys.create({ name: 'bootstrap back office', role: 'back-office', key: config.BOOTSTRAP_BACK_OFFICE_KEY });
  }
  const store = idempotencyStore(db.pool, config.IDEMPOTENCY_TTL_HOURS);
  const purge = setInterval(() => void store.purgeExpired().catch(() => {}), 15 * 60_000);
  purge.unref();
  const urls = {
    catalogue: config.CATALOGUE_URL,
    registration: config.REGISTRATION_URL,
    invoicing: config.INVOICING_URL,
    notification: config.NOTIFICATION_URL,
  };
  const monitor = upstreamMonitor({
    upstreams: Object.entries(urls).map(([name, baseUrl]) => ({ name, baseUrl })),
    logger: logger.child({ component: 'upstream-health' }),
    intervalMs: config.UPSTREAM_CHECK_INTERVAL_MS,
  });
  const upstream = (name: keyof typeof urls) => ({ name, baseUrl: urls[name], health: monitor.of(name) });
  const upstreams = {
    catalogue: upstream('catalogue'),
    registration: upstream('registration'),
    invoicing: upstream('invoicing'),
    notification: upstream('notification'),
  };
  const access = accessRequests(db.pool, signing(upstreams, principalSigningSecret), logger.child({ component: 'access-requests' }));
  await access.resumePending();
  const erasure = erasures(db.pool, signing(upstreams, principalSigningSecret), logger.child({ component: 'erasures' }));
  await erasure.resumePending();
  const purgeExports = setInterval(() => void access.purgeExpired().catch(() => {}), 60 * 60_000);
  purgeExports.unref();
  let stopping = false;
  const metrics = new Metrics('gateway');
  const app = createGateway({
    logger,
    keys,
    idempotencyStore: store,
    upstreams,
    accessRequests: access,
    erasures: erasure,
    backofficeUrl: config.BACKOFFICE_URL,
    readiness: { database: () => db.$queryRaw`SELECT 1` },
    upstreamReport: monitor.report,
    isStopping: () => stopping,
    edge: edgeSettingsOf(config, principalSigningSecret),
    metrics,
    metricsOnPublicPort: config.METRICS_ON_PUBLIC_PORT,
  });
  const server = await startServer(app, config.PORT, config.HOST);
  const metricsServer =
    config.METRICS_PORT === undefined ? undefined : await startServer(metricsOnly(metrics), config.METRICS_PORT, config.HOST);
  if (metricsServer) logger.info({ url: `${metricsServer.url}/metrics` }, 'metrics served');
  return {
    url: server.url,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    async stop() {
      stopping = true;
      monitor.stop();
      clearInterval(purge);
      clearInterval(purgeExports);
      access.stop();
      erasure.stop();
      clearInterval(lastUsed);
      await Promise.all([server.close({ graceMs: config.SHUTDOWN_TIMEOUT_MS }), metricsServer?.close({ graceMs: 1000 })]);
      await flushLastUsed();
      await keyChanges.stop();
      await db.$disconnect();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startGateway(config), createLogger('gateway', config.LOG_LEVEL));
}
