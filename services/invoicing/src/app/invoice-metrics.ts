import type { Metrics } from '@seminarwerk/http';
import type { Db } from '../db.ts';
import { ValidatorUnavailable, type XRechnungValidator } from '../documents/validator.ts';

/** `invoices{status}`: the invoices table by status, counted on every scrape (a few thousand rows a year). */
export function invoiceMetrics(metrics: Metrics, db: Db): void {
  metrics.gauge({
    name: 'invoices',
    help: 'Invoices and credit notes by status (draft, held, issued, partially-paid, paid, cancelled, voided)',
    labelNames: ['status'] as const,
    async collect() {
      const rows = await db.$queryRawUnsafe<{ status: string; n: number }[]>(
        'SELECT status, count(*)::int AS n FROM invoices GROUP BY status',
      );
      this.reset();
      for (const { status, n } of rows) this.set({ status }, n);
    },
  });
}

/**
 * `xrechnung_validations_total{result}`: every document the validator was asked about, `valid`, `invalid` (the invoice
 * is held) or `unavailable` (nothing was recorded; the run or issue is refused).
 */
export function measuredValidator(metrics: Metrics, validator: XRechnungValidator): XRechnungValidator {
  const validations = metrics.counter({
    name: 'xrechnung_validations_total',
    help: 'XRechnung documents validated before issuing, by result',
    labelNames: ['result'] as const,
  });
  return {
    async validate(xml) {
      try {
        const report = await validator.validate(xml);
        validations.inc({ result: report.valid ? 'valid' : 'invalid' });
        return report;
      } catch (error) {
        if (error instanceof ValidatorUnavailable) validations.inc({ result: 'unavailable' });
        throw error;
      }
    },
  };
}
