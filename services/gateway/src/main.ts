import { fileURLToPath } from 'node:url';
import { startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { isEntryPoint, type RunningService, runUntilSignalled } from '@seminarwerk/runtime';
import { createGateway } from './app.ts';
import { apiKeys } from './auth/api-keys.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { idempotencyStore } from './idempotency/idempotency.ts';

const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export async function startGateway(config: Config): Promise<RunningService> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  await migrate(config.DATABASE_URL, migrations);
  const db = createDb(config.DATABASE_URL);
  const keys = apiKeys(db);
  if (config.BOOTSTRAP_BACK_OFFICE_KEY) {
    await keys.create({ name: 'bootstrap back office', role: 'back-office', key: config.BOOTSTRAP_BACK_OFFICE_KEY });
  }
  const store = idempotencyStore(db, config.IDEMPOTENCY_TTL_HOURS);
  const purge = setInterval(() => void store.purgeExpired().catch(() => {}), 15 * 60_000);
  purge.unref();
  const app = createGateway({
    logger,
    keys,
    idempotencyStore: store,
    upstreams: {
      catalogue: { name: 'catalogue', baseUrl: config.CATALOGUE_URL },
      registration: { name: 'registration', baseUrl: config.REGISTRATION_URL },
      invoicing: { name: 'invoicing', baseUrl: config.INVOICING_URL },
      notification: { name: 'notification', baseUrl: config.NOTIFICATION_URL },
    },
    readiness: { database: () => db.$queryRaw`SELECT 1` },
  });
  const server = await startServer(app, config.PORT, config.HOST);
  return {
    url: server.url,
    async stop() {
      clearInterval(purge);
      await server.close();
      await db.$disconnect();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startGateway(config), createLogger('gateway', config.LOG_LEVEL));
}
