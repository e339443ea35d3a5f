import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { registrationService } from './app/registration-service.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { registrationRoutes } from './http/routes.ts';
import { CONSUMER, registrationHandlers } from './messaging/consumers.ts';

export const startRegistration = (config: Config) =>
  startService({
    name: CONSUMER,
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.registration],
    consumes: (db) => ({ topics: [Topics.catalogue], handlers: registrationHandlers(db, registrationService(db)) }),
    routes: (app, db) => registrationRoutes(app, registrationService(db)),
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startRegistration(config), createLogger('registration', config.LOG_LEVEL));
}
