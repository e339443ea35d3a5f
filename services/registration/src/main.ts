import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { decisionMetrics } from './app/decision-metrics.ts';
import { groupBooking } from './app/group-booking.ts';
import { registrationService } from './app/registration-service.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { registrationProblems } from './http/problems.ts';
import { registrationRoutes } from './http/routes.ts';
import { CONSUMER, consumeCatalogue } from './messaging/consumers.ts';

export const startRegistration = (config: Config) =>
  startService({
    name: CONSUMER,
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.registration],
    consumes: [Topics.catalogue],
    rejections: registrationProblems,
    wire: (db, _logger, metrics) => {
      const registrations = registrationService(db, undefined, decisionMetrics(metrics), {
        maxQueued: config.OFFERING_QUEUE_MAX,
        maxWaitMs: config.OFFERING_QUEUE_MAX_WAIT_MS,
      });
      return {
        consume: consumeCatalogue(registrations),
        routes: (app) => registrationRoutes(app, registrations, groupBooking(db, registrations)),
      };
    },
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startRegistration(config), createLogger('registration', config.LOG_LEVEL));
}
