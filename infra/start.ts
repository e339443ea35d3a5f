// `npm start`: Kafka, PostgreSQL, the XRechnung validator (unless VALIDATOR_URL is set), a mail catcher (unless
// SMTP_URL is set), every service, the demo data.
// Services that exit or are killed are restarted (packages/testing/src/supervisor.ts); Ctrl-C or SIGTERM stops
// everything this script started, and a kill -9 of it stops the services too (they watch it). See README.md.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startSystem } from '@seminarwerk/testing';
import { startMailCatcher } from '@seminarwerk/testing/mail-catcher';
import { brokerRunning, DEV_KAFKA, ensureKafkaLibs, startBroker, stopBroker } from './kafka/broker.mjs';
import { DEFAULT_ADMIN_URL, ensurePostgres } from './postgres.mjs';
import { demoStaff } from './seed/staff.ts';
import { type DemoKeys, seedDemo } from './seed.ts';
import { DEV_VALIDATOR, runningValidator, startValidator, stopValidator } from './validator/validator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stateDir = join(root, '.seminarwerk');
const keysFile = join(stateDir, 'demo-keys.json');
const log = (message: string) => console.log(`[seminarwerk] ${message}`);

const cleanups: Array<() => Promise<void>> = [];
async function shutdown(code: number) {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => console.error(e));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function infrastructure(): Promise<{ kafkaBrokers: string; postgresAdminUrl: string }> {
  const postgresAdminUrl = process.env.DATABASE_URL ?? DEFAULT_ADMIN_URL;
  await ensurePostgres(postgresAdminUrl);
  if (process.env.KAFKA_BROKERS) return { kafkaBrokers: process.env.KAFKA_BROKERS, postgresAdminUrl };
  if (brokerRunning(DEV_KAFKA.dataDir)) {
    log(`reusing the Kafka broker at 127.0.0.1:${DEV_KAFKA.port}`);
  } else {
    ensureKafkaLibs({ log });
    const broker = await startBroker({ ...DEV_KAFKA, log });
    cleanups.push(() => stopBroker(DEV_KAFKA.dataDir));
    log(`Kafka started in ${broker.startupMs} ms`);
  }
  return { kafkaBrokers: `127.0.0.1:${DEV_KAFKA.port}`, postgresAdminUrl };
}

/** VALIDATOR_URL, the development validator of `npm run infra:up`, or one that lives as long as this script. */
async function validator(): Promise<string> {
  if (process.env.VALIDATOR_URL) return process.env.VALIDATOR_URL;
  const running = runningValidator(DEV_VALIDATOR.dataDir);
  if (running) {
    log(`reusing the XRechnung validator at ${running}`);
    return running;
  }
  // ownerPid: a crash or kill -9 of this script must not leave the JVM behind.
  const started = await startValidator({ ...DEV_VALIDATOR, port: await portOr(DEV_VALIDATOR.port), ownerPid: process.pid, log });
  cleanups.push(() => stopValidator(DEV_VALIDATOR.dataDir));
  return started.url;
}

async function mail(): Promise<{ smtpUrl: string; inbox: string }> {
  if (process.env.SMTP_URL) return { smtpUrl: process.env.SMTP_URL, inbox: '(your SMTP server)' };
  const catcher = await startMailCatcher({ smtpPort: await portOr(1025), httpPort: await portOr(8025) });
  cleanups.push(() => catcher.close());
  return { smtpUrl: catcher.smtpUrl, inbox: catcher.webUrl };
}

/** The usual port if free, another one if not (a second checkout, a local Mailpit...). */
async function portOr(preferred: number): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => void freePort().then(resolve));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(preferred)));
  });
}

/**
 * The key that seals webhook signing secrets at rest (notification): made once per checkout and kept, so the
 * subscriptions of an earlier start can still be signed after a restart.
 */
async function webhookSecretKey(): Promise<string> {
  const file = join(stateDir, 'webhook-secret-key');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const key = randomBytes(32).toString('base64');
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function demoKeys(): Promise<DemoKeys> {
  if (existsSync(keysFile)) return JSON.parse(await readFile(keysFile, 'utf8')) as DemoKeys;
  return { backOffice: `sw_demo_back_office_${randomBytes(18).toString('base64url')}`, municipalities: {} };
}

async function main() {
  await mkdir(stateDir, { recursive: true });
  // The validator's JVM warms up while Kafka starts.
  const [infra, validatorUrl] = await Promise.all([infrastructure(), validator()]);
  const { smtpUrl, inbox } = await mail();
  const keys = await demoKeys();
  const staff = demoStaff(keys.staff);
  const system = await startSystem({
    ...infra,
    databasePrefix: 'seminarwerk',
    smtpUrl,
    validatorUrl,
    backOfficeKey: keys.backOffice,
    gatewayPort: Number(process.env.PORT ?? 3000),
    // A new secret for every start unless one is given: only this run's gateway can sign principals for its services.
    principalSigningSecret: process.env.PRINCIPAL_SIGNING_SECRET,
    logDir: join(stateDir, 'logs'),
    // A service that exits or is killed is started again (0.5 s, doubling to 30 s), one line each.
    supervise: { log },
    // The back-office web app, under the gateway's /backoffice/, with its key (kept from the last start if it still
    // works) and one staff account per role.
    backoffice: { staff, apiKey: keys.backofficeApp, port: await portOr(3006) },
    env: {
      // Webhooks to a receiver on this machine (plain http) are allowed locally; anything else must be https.
      WEBHOOK_ALLOWED_HOSTS: process.env.WEBHOOK_ALLOWED_HOSTS ?? '127.0.0.1',
      WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? (await webhookSecretKey()),
    },
  });
  cleanups.push(() => system.stop());

  const seeded = await seedDemo(system.gatewayUrl, {
    ...keys,
    backofficeApp: system.backoffice?.apiKey,
    staff: staff.map(({ username, password, role }) => ({ username, password, role })),
  });
  await writeFile(keysFile, `${JSON.stringify(seeded.keys, null, 2)}\n`, { mode: 0o600 });

  console.log(`
Seminarwerk is running.
  Gateway:      ${system.gatewayUrl}
  Back office: ${system.gatewayUrl}/backoffice/
${staff.map((s) => `    ${s.role.padEnd(16)} user ${s.username.padEnd(16)} password ${s.password}`).join('\n')}
  API docs:     ${system.gatewayUrl}/docs  (OpenAPI: ${system.gatewayUrl}/v1/openapi.json)
  Mail inbox:   ${inbox}
  XRechnung validator: ${validatorUrl}  (POST ${validatorUrl}/validate with the XML)
  Service logs: ${join(stateDir, 'logs')}
  Metrics (Prometheus), one per service:
${Object.values(system.metricsUrls)
  .map((url) => `    ${url}`)
  .join('\n')}
  Demo data:    ${seeded.seminarsAdded} seminars added to the catalogue
  Demo keys (also in .seminarwerk/demo-keys.json):
    back office: ${seeded.keys.backOffice}
${Object.entries(seeded.keys.municipalities)
  .map(([m, k]) => `    ${m.padEnd(12)} ${k}`)
  .join('\n')}

Try:  curl ${system.gatewayUrl}/v1/seminars
Press Ctrl-C to stop.`);
}

main().catch(async (error) => {
  console.error(`[seminarwerk] start failed: ${(error as Error).message}`);
  await shutdown(1);
});
