import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { catalogueService } from './app/catalogue-service.ts';
import { publicCatalogue } from './app/public-catalogue.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { catalogueProblems } from './http/problems.ts';
import { catalogueRoutes } from './http/routes.ts';
import { CONSUMER, catalogueConsumers } from './messaging/consumers.ts';

export const startCatalogue = (config: Config) =>
  startService({
    name: CONSUMER,
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.catalogue],
    consumes: [Topics.registration],
    rejections: catalogueProblems,
    wire: (db) => {
      const catalogue = catalogueService(db);
      return { consume: catalogueConsumers(catalogue), routes: (app) => catalogueRoutes(app, catalogue, publicCatalogue(db)) };
    },
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startCatalogue(config), createLogger('catalogue', config.LOG_LEVEL));
}
