import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { decisionMetrics } from './app/decision-metrics.ts';
import { groupBooking } from './app/group-booking.ts';
import { registrationService } from './app/registration-service.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { privacyRoutes } from './http/privacy-routes.ts';
import { registrationProblems } from './http/problems.ts';
import { registrationRoutes } from './http/routes.ts';
import { CONSUMER, consumeCatalogue } from './messaging/consumers.ts';
import { participantErasure, participantRetention } from './privacy/erasure.ts';
import { sealClearParticipants } from './privacy/seal-existing.ts';

export const startRegistration = (config: Config) =>
  startService({
    name: CONSUMER,
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.registration],
    consumes: [Topics.catalogue],
    rejections: registrationProblems,
    wire: (db, logger, metrics) => {
      const registrations = registrationService(db, undefined, decisionMetrics(metrics), {
        maxQueued: config.OFFERING_QUEUE_MAX,
        maxWaitMs: config.OFFERING_QUEUE_MAX_WAIT_MS,
      });
      const sealing = sealClearParticipants(db, logger).catch((error: Error) =>
        logger.error({ err: error.message }, 'privacy: sealing the participants of older events failed; it runs again at the next start'),
      );
      const erasure = participantErasure(db, registrations.handler, undefined, sealing);
      return {
        consume: consumeCatalogue(registrations),
        routes: (app) => {
          registrationRoutes(app, registrations, groupBooking(db, registrations));
          privacyRoutes(app, erasure);
        },
        background: { stop: async () => void (await sealing) },
        retention: [participantRetention(erasure, config.PARTICIPANT_RETENTION_MONTHS)],
      };
    },
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startRegistration(config), createLogger('registration', config.LOG_LEVEL));
}
