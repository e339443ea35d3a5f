import { fileURLToPath } from 'node:url';
import { Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { isEntryPoint, runUntilSignalled, startService } from '@seminarwerk/runtime';
import { customers } from './app/customers.ts';
import { erasures as erasureBook } from './app/erasure.ts';
import { invoiceMetrics, measuredValidator } from './app/invoice-metrics.ts';
import { issuedInvoiceNames } from './app/invoice-retention.ts';
import { type InvoicingDeps, invoices } from './app/invoices.ts';
import { invoicePositions } from './app/positions.ts';
import { subjectData } from './app/subject-data.ts';
import { type Config, instituteOf, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { renderPdf } from './documents/pdf.ts';
import { xrechnungValidator } from './documents/validator.ts';
import { renderXRechnung } from './documents/xrechnung.ts';
import { invoicingProblems } from './http/problems.ts';
import { invoicingRoutes } from './http/routes.ts';
import { invoicingConsumers } from './messaging/consumers.ts';

/**
 * What a test may replace: the XML renderer (to force an invalid document), the validator, the clock (to
 * issue in another year or find invoices overdue). Production uses the real ones.
 */
export interface InvoicingOverrides {
  renderXRechnung?: InvoicingDeps['render']['xrechnung'];
  renderPdf?: InvoicingDeps['render']['pdf'];
  validator?: InvoicingDeps['validator'];
  clock?: InvoicingDeps['clock'];
}

export const startInvoicing = (config: Config, overrides: InvoicingOverrides = {}) =>
  startService({
    name: 'invoicing',
    config,
    migrations: fileURLToPath(new URL('../prisma/migrations', import.meta.url)),
    createDb,
    publishes: [Topics.invoicing],
    consumes: [Topics.registration],
    rejections: invoicingProblems,
    wire: (db, logger, metrics) => {
      const clock = overrides.clock ?? (() => new Date());
      invoiceMetrics(metrics, db);
      const invoiceBook = invoices(db, {
        institute: instituteOf(config),
        validator: measuredValidator(metrics, overrides.validator ?? xrechnungValidator(config.VALIDATOR_URL)),
        render: { xrechnung: overrides.renderXRechnung ?? renderXRechnung, pdf: overrides.renderPdf ?? renderPdf },
        clock,
      });
      const erasures = erasureBook(db, logger.child({ component: 'erasure' }));
      return {
        consume: invoicingConsumers(invoiceBook.billing, erasures),
        routes: (app) => invoicingRoutes(app, invoiceBook, customers(db, clock), invoicePositions(db, clock), subjectData(db), erasures),
        retention: [issuedInvoiceNames(db, config.INVOICE_RETENTION_YEARS)],
      };
    },
  });

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  runUntilSignalled(() => startInvoicing(config), createLogger('invoicing', config.LOG_LEVEL));
}
