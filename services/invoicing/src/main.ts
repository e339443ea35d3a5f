import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { customers } from './app/customers.ts';
import { invoices } from './app/invoices.ts';
import { type Config, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { invoicingProblems } from './http/problems.ts';
import { invoicingRoutes } from './http/routes.ts';
import { invoicingConsumers } from './messaging/consumers.ts';

export const startInvoicing = (config: Config) =>
  startService({
    name: 'invoicing',
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.invoicing],
    consumes: [Topics.registration],
    rejections: invoicingProblems,
    wire: (db) => {
      const invoiceBook = invoices(db);
      return {
        consume: invoicingConsumers(invoiceBook),
        routes: (app) => invoicingRoutes(app, invoiceBook, customers(db)),
      };
    },
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startInvoicing(config), createLogger('invoicing', config.LOG_LEVEL));
}
