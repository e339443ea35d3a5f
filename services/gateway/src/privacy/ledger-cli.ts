// `npm run privacy:export-erasure-ledger [-- --out <file>]`: the erasure ledger (every completed erasure, ids only) as
// JSON lines, to keep apart from the database backups and feed to `privacy:reapply-erasures --ledger` (docs/privacy.md).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { ledgerLines, ledgerOf } from './ledger.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const pool = new pg.Pool({ connectionString: loadConfig().DATABASE_URL, max: 1 });
try {
  const lines = ledgerLines(await ledgerOf(pool));
  if (values.out) writeFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), values.out), lines);
  else process.stdout.write(lines);
} finally {
  await pool.end();
}
