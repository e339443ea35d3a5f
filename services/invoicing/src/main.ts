import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { invoicingService } from './app/invoicing-service.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { invoicingRoutes } from './http/routes.ts';
import { CONSUMER, invoicingHandlers } from './messaging/consumers.ts';

export const startInvoicing = (config: Config) =>
  startService({
    name: CONSUMER,
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.invoicing],
    consumes: [Topics.registration],
    wire: (db) => {
      const invoicing = invoicingService(db);
      return { handlers: invoicingHandlers(db, invoicing), routes: (app) => invoicingRoutes(app, invoicing) };
    },
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startInvoicing(config), createLogger('invoicing', config.LOG_LEVEL));
}
