import { fileURLToPath } from 'node:url';
import { startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { isEntryPoint, type RunningService, runUntilSignalled } from '@seminarwerk/runtime';
import { gatewayClient } from './api/gateway.ts';
import { createBackoffice } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { privacyRequests } from './privacy/requests.ts';
import { staffAccounts } from './staff/accounts.ts';
import { staffSessions } from './staff/sessions.ts';

const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const MINUTE_MS = 60_000;

/** The parts of the app over one database, for main and the tests. */
export function backofficeParts(config: Config, db: ReturnType<typeof createDb>) {
  return {
    accounts: staffAccounts(db, { maxFailures: config.SIGN_IN_MAX_FAILURES, lockMs: config.SIGN_IN_LOCK_MINUTES * MINUTE_MS }),
    sessions: staffSessions(db, { idleMs: config.SESSION_IDLE_MINUTES * MINUTE_MS, maxMs: config.SESSION_MAX_HOURS * 60 * MINUTE_MS }),
  };
}

export async function startBackoffice(config: Config): Promise<RunningService> {
  const logger = createLogger('backoffice', config.LOG_LEVEL);
  await migrate(config.DATABASE_URL, migrations);
  const db = createDb(config.DATABASE_URL);
  const { accounts, sessions } = backofficeParts(config, db);
  for (const staff of config.BOOTSTRAP_STAFF) await accounts.upsert(staff);
  if (config.BOOTSTRAP_STAFF.length > 0) logger.info({ accounts: config.BOOTSTRAP_STAFF.length }, 'bootstrap staff accounts set');
  const purge = setInterval(() => void sessions.purgeExpired().catch(() => {}), 15 * MINUTE_MS);
  purge.unref();
  const app = createBackoffice({
    logger,
    accounts,
    sessions,
    gateway: gatewayClient({
      baseUrl: config.GATEWAY_URL,
      apiKey: config.BACKOFFICE_API_KEY,
      logger: logger.child({ component: 'gateway-client' }),
    }),
    privacyRequests: privacyRequests(db),
    publicBaseUrl: config.PUBLIC_BASE_URL,
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
  runUntilSignalled(() => startBackoffice(config), createLogger('backoffice', config.LOG_LEVEL));
}
