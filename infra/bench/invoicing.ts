// `npm run bench:invoicing`: an invoice run over 1,000 positions. Starts its own Kafka, PostgreSQL databases, XRechnung
// validator, SMTP server, and the invoicing and notification services; publishes 1,000 confirmed registrations of
// per-registration customers (1,000 invoices: XML, validation, PDF, e-mail each), runs one invoice run, waits for every
// e-mail, then validates the same 1,000 XML documents with the validator alone and renders sample documents alone.
// Prints invoices per second, CPU per invoice per process and stage, and the run's time against the validator alone.
//
// Smaller runs for trying it out: INVOICING_POSITIONS (default 1000), INVOICING_KEEP_LOGS=1 keeps the service logs.
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { type RunningSystem, startSystem } from '@seminarwerk/testing';
import pg from 'pg';
import { databaseUrl } from '../postgres.mjs';
import { type CpuMeasurement, cpuMeter, pidsMatching } from './invoicing/cpu.ts';
import { publishConfirmations } from './invoicing/positions.ts';
import { formatInvoicingReport } from './invoicing/report.ts';
import { callAsBackOffice, type ServiceTarget } from './invoicing/service-client.ts';
import { renderersAlone, validatorAlone } from './invoicing/stages.ts';
import { onCleanup, runMain } from './lifecycle.ts';
import { startScratchRun } from './scratch-run.ts';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const settings = {
  positions: envInt('INVOICING_POSITIONS', 1000),
  warmUpPositions: 20,
  municipalities: ['oldenburg', 'osnabrueck', 'ammerland', 'delmenhorst'],
  keepLogs: envInt('INVOICING_KEEP_LOGS', 0) === 1,
};

const started = Date.now();
const log = (message: string) => console.error(`[invoicing +${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function main(): Promise<number> {
  log('starting Kafka, PostgreSQL and the XRechnung validator ...');
  const scratch = await startScratchRun({ database: 'bench_inv', logs: 'bench-invoicing' }, log);
  const { stamp, prefix, logDir, infra, smtp } = scratch;
  const namespace = `bench-inv-${stamp}.`;

  log(`starting invoicing and notification (logs: ${logDir}) ...`);
  const system: RunningSystem = await startSystem({
    kafkaBrokers: infra.kafkaBrokers,
    postgresAdminUrl: infra.postgresAdminUrl,
    databasePrefix: prefix,
    smtpUrl: smtp.url,
    validatorUrl: infra.validatorUrl,
    backOfficeKey: `sw_bench_${randomBytes(16).toString('hex')}`,
    logDir,
    logLevel: 'warn',
    services: ['invoicing', 'notification'],
    env: { KAFKA_NAMESPACE: namespace },
  });
  onCleanup('services', () => system.stop());
  const invoicing = { url: system.urls.invoicing, principalSigningSecret: system.principalSigningSecret };
  const invoicingDb = new pg.Pool({ connectionString: databaseUrl(infra.postgresAdminUrl, `${prefix}_invoicing`), max: 2 });
  onCleanup('invoicing database pool', () => invoicingDb.end());

  const warmUpMunicipality = 'cloppenburg';
  for (const id of [...settings.municipalities, warmUpMunicipality]) await putCustomer(invoicing, id);
  const validatorPid = (await (await fetch(`${infra.validatorUrl}/health`)).json()) as { pid: number };
  const meter = cpuMeter({
    invoicing: () => [system.pids.invoicing],
    validator: () => [validatorPid.pid],
    notification: () => [system.pids.notification],
    postgres: () => pidsMatching('postgres: '),
    'kafka broker': () => pidsMatching('kafka.Kafka'),
    'bench + SMTP server': () => [process.pid],
  });

  log(`warm-up: ${settings.warmUpPositions} invoices for another municipality, not counted ...`);
  await publishConfirmations(infra.kafkaBrokers, namespace, {
    municipalities: [warmUpMunicipality],
    amount: settings.warmUpPositions,
    offerings: 4,
    month: '2027-01',
  });
  await waitForDrafts(invoicingDb, settings.warmUpPositions);
  const warm = await callAsBackOffice<{ issued: unknown[] }>(invoicing, 'POST', '/invoice-runs', { upTo: '2027-01-31' });
  if (warm.status !== 201) throw new Error(`warm-up run answered ${warm.status}: ${JSON.stringify(warm.body)}`);
  await smtp.waitForMessages(() => true, { count: settings.warmUpPositions, timeoutMs: 300_000 });

  log(`publishing ${settings.positions} confirmed registrations ...`);
  await publishConfirmations(infra.kafkaBrokers, namespace, {
    municipalities: settings.municipalities,
    amount: settings.positions,
    offerings: 40,
    month: '2027-02',
  });
  const drafting = meter.start();
  await waitForDrafts(invoicingDb, settings.warmUpPositions + settings.positions);
  const draftingCost = drafting.stop();

  log(`invoice run up to 2027-02-28 over ${settings.positions} positions ...`);
  const mailsBefore = smtp.messages.length;
  const running = meter.start();
  const run = await callAsBackOffice<{ issued: { number: string | null }[]; held: unknown[]; skipped: unknown[] }>(
    invoicing,
    'POST',
    '/invoice-runs',
    { upTo: '2027-02-28' },
  );
  const runCost = running.stop();
  if (run.status !== 201) throw new Error(`the run answered ${run.status}: ${JSON.stringify(run.body)}`);
  log(`run done in ${runCost.wallSeconds.toFixed(1)} s: ${run.body.issued.length} issued; waiting for the e-mails ...`);
  const mailing = meter.start();
  await smtp.waitForMessages(() => true, { count: mailsBefore + settings.positions, timeoutMs: 900_000 });
  const mailTail: CpuMeasurement = mailing.stop();
  const mails = smtp.messages.slice(mailsBefore);

  log('the same XML documents through the validator alone ...');
  const documents = await storedXml(
    invoicingDb,
    run.body.issued.map((i) => i.number ?? ''),
  );
  const alone = await validatorAlone(infra.validatorUrl, documents, meter);
  log('the XML and PDF renderers alone (sample documents) ...');
  const renderers = await renderersAlone(200);

  const numbers = run.body.issued.map((i) => i.number ?? '');
  const checks = [
    {
      what: `${settings.positions} invoices issued, none held or skipped`,
      pass: numbers.length === settings.positions && run.body.held.length === 0,
    },
    { what: 'numbers consecutive, without gaps or duplicates', pass: consecutive(numbers, settings.warmUpPositions) },
    {
      what: `${settings.positions} e-mails, each with the XML and the PDF attached`,
      pass: mails.length === settings.positions && mails.every((m) => m.attachments.length === 2),
    },
    { what: 'every stored XML valid for the validator alone', pass: alone.invalid === 0 && alone.count === settings.positions },
  ];
  await system.stop();
  scratch.keepLogs(settings.keepLogs || checks.some((c) => !c.pass));
  console.log(
    formatInvoicingReport({
      machine: `${cpus().length} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, infrastructure ${infra.source}`,
      positions: settings.positions,
      draftingCost,
      runCost,
      mailTail,
      alone,
      renderers,
      checks,
    }),
  );
  return checks.every((c) => c.pass) ? 0 : 1;
}

async function putCustomer(invoicing: ServiceTarget, id: string) {
  const answer = await callAsBackOffice(invoicing, 'PUT', '/customers', {
    id,
    name: `Gemeinde ${id}`,
    invoiceEmail: `rechnungseingang@${id}.example`,
    leitwegId: '03403000-57',
    billingAddress: { street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)' },
    billing: 'per-registration',
    paymentTermsDays: 30,
  });
  if (answer.status !== 200) throw new Error(`customer ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
}

async function waitForDrafts(db: pg.Pool, count: number, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM invoices WHERE type = 'invoice'");
    if ((rows[0]?.n ?? 0) >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${rows[0]?.n} of ${count} drafts after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function storedXml(db: pg.Pool, numbers: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ content: Buffer }>(
    `SELECT d.content FROM invoice_documents d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.kind = 'xrechnung' AND i.number = ANY($1) ORDER BY i.number`,
    [numbers],
  );
  return rows.map((r) => r.content.toString('utf8'));
}

/** `RE-2026-00021` … in order, continuing after the warm-up's. */
function consecutive(numbers: readonly string[], after: number): boolean {
  const sequence = numbers.map((n) => Number(n.split('-').at(-1))).sort((a, b) => a - b);
  return sequence.every((n, i) => n === after + i + 1) && new Set(numbers).size === numbers.length;
}

runMain(main, log);
