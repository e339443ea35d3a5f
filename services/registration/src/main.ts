import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createApp, startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { isEntryPoint, type RunningService, runUntilSignalled, startEventPlumbing } from '@seminarwerk/runtime';
import { registrationService } from './app/registration-service.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { registrationRoutes } from './http/routes.ts';
import { CONSUMER, registrationHandlers } from './messaging/consumers.ts';

const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export async function startRegistration(config: Config): Promise<RunningService> {
  const logger = createLogger('registration', config.LOG_LEVEL);
  await migrate(config.DATABASE_URL, migrations);
  const db = createDb(config.DATABASE_URL);
  const registrations = registrationService(db);
  const plumbing = await startEventPlumbing({
    service: CONSUMER,
    databaseUrl: config.DATABASE_URL,
    kafkaBrokers: config.KAFKA_BROKERS,
    logger,
    namespace: config.KAFKA_NAMESPACE,
    publishes: [Topics.registration],
    consumes: { topics: [Topics.catalogue], handlers: registrationHandlers(db, registrations) },
  });
  const app = createApp({
    service: 'registration',
    logger,
    readiness: { database: () => db.$queryRaw`SELECT 1`, kafka: plumbing.kafkaReady },
  });
  registrationRoutes(app, registrations);
  const server = await startServer(app, config.PORT, config.HOST);
  return {
    url: server.url,
    async stop() {
      await server.close();
      await plumbing.stop();
      await db.$disconnect();
    },
  };
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startRegistration(config), createLogger('registration', config.LOG_LEVEL));
}
