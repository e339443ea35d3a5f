import { renderPdf } from '../../../services/invoicing/src/documents/pdf.ts';
import { everyKindOfDocument } from '../../../services/invoicing/src/documents/samples.fixtures.ts';
import { renderXRechnung } from '../../../services/invoicing/src/documents/xrechnung.ts';
import type { CpuMeasurement, cpuMeter } from './cpu.ts';

export interface ValidatorAlone {
  count: number;
  invalid: number;
  cost: CpuMeasurement;
}

/** The run's XML documents, one after another (as the run validates them), through the validator and nothing else. */
export async function validatorAlone(
  url: string,
  documents: readonly string[],
  meter: ReturnType<typeof cpuMeter>,
): Promise<ValidatorAlone> {
  let invalid = 0;
  const measuring = meter.start();
  for (const xml of documents) {
    const response = await fetch(`${url}/validate`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: xml });
    const report = (await response.json()) as { valid: boolean };
    if (!report.valid) invalid += 1;
  }
  return { count: documents.length, invalid, cost: measuring.stop() };
}

export interface RendererCost {
  stage: string;
  documents: number;
  /** CPU of this process per document, in ms (the renderers are synchronous or CPU-bound, so wall ≈ CPU). */
  cpuMsPerDocument: number;
}

/**
 * The XML and PDF renderers in this process over the six sample documents, `rounds` times each: the invoicing
 * service's own part of issuing, apart from its database work.
 */
export async function renderersAlone(rounds: number): Promise<RendererCost[]> {
  const documents = Object.values(everyKindOfDocument);
  const cpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  for (const d of documents) {
    renderXRechnung(d);
    await renderPdf(d); // fonts parsed, code warm
  }
  let before = cpuMs();
  for (let r = 0; r < rounds; r += 1) for (const d of documents) renderXRechnung(d);
  const xml = (cpuMs() - before) / (rounds * documents.length);
  before = cpuMs();
  for (let r = 0; r < rounds; r += 1) for (const d of documents) await renderPdf(d);
  const pdf = (cpuMs() - before) / (rounds * documents.length);
  return [
    { stage: 'XRechnung XML (renderXRechnung)', documents: rounds * documents.length, cpuMsPerDocument: xml },
    { stage: 'PDF/A-3b (renderPdf)', documents: rounds * documents.length, cpuMsPerDocument: pdf },
  ];
}
