/**
 * The baseline: pgbench running a transaction comparable to one registration (lock the offering row,
 * insert one registration, update the locked row) against a scratch database on the same server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '../postgres.mjs';

export const PGBENCH_SCRIPT = `BEGIN;
SELECT confirmed FROM bench_offering WHERE id = 1 FOR UPDATE;
INSERT INTO bench_registration(offering, email) VALUES (1, 'x');
UPDATE bench_offering SET confirmed = confirmed + 1 WHERE id = 1;
COMMIT;
`;

export interface PgbenchRun {
  clients: number;
  tps: number;
  latencyAvgMs: number;
  transactions: number;
  failed: number;
  /** bench_offering.confirmed equals the number of bench_registration rows afterwards. */
  consistent: boolean;
}

export interface Baseline {
  maxConnections: number;
  connectionsInUseBefore: number;
  /** Why the wide run uses fewer than 200 clients, if it does. */
  clientsNote: string;
  wide: PgbenchRun;
  pool: PgbenchRun;
}

export async function runBaseline(
  adminUrl: string,
  database: string,
  options: { poolSize: number; seconds: number; log: (message: string) => void },
): Promise<Baseline> {
  const url = await ensureDatabase(adminUrl, database);
  const dir = mkdtempSync(join(tmpdir(), 'seminarwerk-pgbench-'));
  const scriptFile = join(dir, 'register.sql');
  writeFileSync(scriptFile, PGBENCH_SCRIPT);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const maxConnections = Number((await client.query<{ max_connections: string }>('SHOW max_connections')).rows[0]?.max_connections);
    const inUse = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity')).rows[0]?.n);
    const wideClients = Math.max(1, Math.min(200, maxConnections - 30));
    const clientsNote =
      wideClients < 200
        ? `200 clients exceed max_connections = ${maxConnections}; using min(200, max_connections - 30) = ${wideClients}`
        : '';
    const run = async (clients: number): Promise<PgbenchRun> => {
      await resetTables(client);
      options.log(`pgbench: ${clients} clients for ${options.seconds} s ...`);
      const output = await pgbench(url, scriptFile, clients, options.seconds);
      const { rows } = await client.query<{ confirmed: number; registrations: string }>(
        'SELECT confirmed, (SELECT count(*) FROM bench_registration) AS registrations FROM bench_offering WHERE id = 1',
      );
      const row = rows[0];
      return { clients, ...parsePgbench(output), consistent: row !== undefined && row.confirmed === Number(row.registrations) };
    };
    const wide = await run(wideClients);
    const pool = await run(options.poolSize);
    return { maxConnections, connectionsInUseBefore: inUse, clientsNote, wide, pool };
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(adminUrl, database);
  }
}

async function resetTables(client: pg.Client): Promise<void> {
  await client.query('DROP TABLE IF EXISTS bench_registration, bench_offering');
  await client.query('CREATE TABLE bench_offering(id int PRIMARY KEY, confirmed int NOT NULL)');
  await client.query('CREATE TABLE bench_registration(id bigserial PRIMARY KEY, offering int, email text, at timestamptz DEFAULT now())');
  await client.query('INSERT INTO bench_offering VALUES (1, 0)');
  await client.query('VACUUM ANALYZE bench_offering');
}

function pgbench(databaseUrl: string, scriptFile: string, clients: number, seconds: number): Promise<string> {
  const url = new URL(databaseUrl);
  const args = [
    ...['-c', String(clients), '-j', String(Math.min(2, clients)), '-T', String(seconds), '-n', '-f', scriptFile],
    ...['-h', url.hostname || '127.0.0.1', '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')],
    decodeURIComponent(url.pathname.slice(1)),
  ];
  const env = { ...process.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', (error) => reject(new Error(`pgbench could not start (${error.message}); is postgresql-client installed?`)));
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`pgbench ${args.join(' ')} exited with ${code}:\n${out.trim()}`));
    });
  });
}

export function parsePgbench(output: string): Omit<PgbenchRun, 'clients' | 'consistent'> {
  const tps = /^tps = ([\d.]+)/m.exec(output);
  if (!tps) throw new Error(`no "tps = ..." line in the pgbench output:\n${output}`);
  const number = (re: RegExp) => Number(re.exec(output)?.[1] ?? Number.NaN);
  return {
    tps: Number(tps[1]),
    latencyAvgMs: number(/^latency average = ([\d.]+) ms/m),
    transactions: number(/^number of transactions actually processed: (\d+)/m),
    failed: number(/^number of failed transactions: (\d+)/m) || 0,
  };
}
