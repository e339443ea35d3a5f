import type { CpuMeasurement } from './cpu.ts';
import type { RendererCost, ValidatorAlone } from './stages.ts';

export interface InvoicingReport {
  machine: string;
  positions: number;
  draftingCost: CpuMeasurement;
  runCost: CpuMeasurement;
  mailTail: CpuMeasurement;
  alone: ValidatorAlone;
  renderers: RendererCost[];
  checks: { what: string; pass: boolean }[];
}

const ms = (seconds: number, per: number) => ((seconds * 1000) / per).toFixed(1).padStart(8);
const pad = (text: string, width: number) => text.padEnd(width);

function cpuTable(cost: CpuMeasurement, per: number, unit: string): string[] {
  const known = Object.values(cost.cpuSeconds).reduce((a, b) => a + b, 0);
  return [
    ...Object.entries(cost.cpuSeconds).map(([name, seconds]) => `    ${pad(name, 22)}${ms(seconds, per)} ms CPU per ${unit}`),
    `    ${pad('other processes', 22)}${ms(Math.max(0, cost.machineCpuSeconds - known), per)} ms CPU per ${unit}`,
    `    ${pad('whole machine', 22)}${ms(cost.machineCpuSeconds, per)} ms CPU per ${unit}  (${(cost.machineCpuSeconds / cost.wallSeconds).toFixed(2)} of the cores busy)`,
  ];
}

/** The plain-text report of `npm run bench:invoicing`. */
export function formatInvoicingReport(r: InvoicingReport): string {
  const n = r.positions;
  const run = r.runCost.wallSeconds;
  const alone = r.alone.cost.wallSeconds;
  const lines = [
    'INVOICING BENCHMARK',
    `  machine: ${r.machine}`,
    `  ${n} positions of per-registration customers: ${n} invoices, each numbered, rendered as XRechnung, validated by the`,
    '  real validator, rendered as PDF/A-3b, stored, published and e-mailed with both documents attached',
    '',
    `DRAFTING (${n} registration.confirmed.v1 → positions and drafts): ${r.draftingCost.wallSeconds.toFixed(1)} s, ${(n / r.draftingCost.wallSeconds).toFixed(1)} positions/s`,
    '',
    `THE INVOICE RUN: ${run.toFixed(1)} s wall, ${(n / run).toFixed(2)} invoices/s`,
    ...cpuTable(r.runCost, n, 'invoice'),
    '',
    `E-MAIL: the last of ${n} mails arrived ${r.mailTail.wallSeconds.toFixed(1)} s after the run answered (mails are sent while it runs)`,
    ...cpuTable(r.mailTail, n, 'invoice, after the run'),
    '',
    'STAGES ALONE',
    `  validation: the run's ${r.alone.count} XML documents one after another: ${alone.toFixed(1)} s, ${(r.alone.count / alone).toFixed(2)} documents/s,`,
    `    ${ms(r.alone.cost.cpuSeconds.validator ?? 0, r.alone.count)} ms validator CPU per document, ${r.alone.invalid} invalid`,
    ...r.renderers.map(
      (s) =>
        `  ${pad(`${s.stage}:`, 36)}${s.cpuMsPerDocument.toFixed(2).padStart(8)} ms CPU per document (${s.documents} sample documents)`,
    ),
    '',
    `RATIO run time / validator alone on the same documents: ${(run / alone).toFixed(2)}  (1.00 would mean issuing costs nothing but validation)`,
    '',
    'CHECKS',
    ...r.checks.map((c) => `  ${c.pass ? 'PASS' : 'FAIL'}  ${c.what}`),
  ];
  return lines.join('\n');
}
