// `npm run privacy:reapply-erasures [-- --ledger <file>]`: after a database restore, applies every completed erasure of
// the ledger again, one line per erasure (ids only). With --ledger (an export of `privacy:export-erasure-ledger`), its
// entries are recorded first where the gateway's own database lacks them (it was restored too). Exits 1 on a failure.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { signingSecretOf } from '@seminarwerk/runtime';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { ERASURE_TIMING } from './erasures.ts';
import { ledgerOf, parseLedger, reapply, restoreLedger } from './ledger.ts';

const { values } = parseArgs({ options: { ledger: { type: 'string' } } });
const config = loadConfig();
// Log lines (retries) go to stderr; stdout is the report.
const logger = createLogger('gateway', config.LOG_LEVEL, process.stderr);
const secret = signingSecretOf('gateway', config);
const upstream = (name: string, baseUrl: string) => ({ name, baseUrl, principalSecret: secret });
const upstreams = {
  registration: upstream('registration', config.REGISTRATION_URL),
  notification: upstream('notification', config.NOTIFICATION_URL),
  invoicing: upstream('invoicing', config.INVOICING_URL),
};
const patience = {
  ...ERASURE_TIMING,
  isStopped: () => false,
  onRetry: (service: string, status: number) => logger.warn({ service, status }, 'reapply: service did not answer, retrying'),
};

// npm runs a workspace's script in its folder: a relative path is the caller's (INIT_CWD).
const ledgerFile = values.ledger ? resolve(process.env.INIT_CWD ?? process.cwd(), values.ledger) : undefined;
await migrate(config.DATABASE_URL, fileURLToPath(new URL('../../prisma/migrations', import.meta.url)));
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
try {
  if (ledgerFile) {
    const restored = await restoreLedger(pool, parseLedger(readFileSync(ledgerFile, 'utf8')));
    console.log(`ledger: ${restored} erasures recorded from ${ledgerFile}`);
  }
  const entries = await ledgerOf(pool);
  for (const entry of entries) {
    const done = await reapply(pool, upstreams, entry, patience);
    console.log(
      `erasure ${done.erasureId}: reapplied to ${done.registrations} registrations (${done.keys} keys), confirmed by every service`,
    );
  }
  console.log(`${entries.length} erasures reapplied`);
} catch (error) {
  console.error(`reapply failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
