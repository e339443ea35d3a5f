// PostgreSQL helpers shared by `npm start`, the test harness and CI: make sure the local
// server runs and create/drop databases idempotently.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const START_TIMEOUT_MS = 30_000;
const RETRYABLE = new Set(['ECONNREFUSED', 'ENOENT', '57P03']); // 57P03: the database system is starting up

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

/** The same server and credentials as adminUrl, but database `name`. */
export function databaseUrl(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a server-side disconnect also rejects the pending query
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function startLocalCluster() {
  if (!existsSync('/etc/postgresql')) return false;
  for (const version of readdirSync('/etc/postgresql')) {
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'ignore' });
  }
  return true;
}

/** Checks that the server answers; if refused, starts the local Debian cluster once and waits up to 30 s. */
export async function ensurePostgres(adminUrl = DEFAULT_ADMIN_URL) {
  let startAttempted = false;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      await withClient(adminUrl, (client) => client.query('SELECT 1'));
      return;
    } catch (error) {
      if (!RETRYABLE.has(error.code) || Date.now() > deadline) throw error;
      if (!startAttempted) {
        startAttempted = true;
        if (!startLocalCluster() && error.code !== '57P03') throw error;
      }
      await sleep(250);
    }
  }
}

/** Creates the database if it does not exist yet (safe when several processes race); returns its URL. */
export async function ensureDatabase(adminUrl, name) {
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      // 42P04 duplicate_database; 23505 when the race is lost inside the catalog insert.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    }
  });
  return databaseUrl(adminUrl, name);
}

/** Drops the database, disconnecting its sessions. */
export async function dropDatabase(adminUrl, name) {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** Names of all databases starting with prefix (and containing `contains`, if given). */
export async function listDatabases(adminUrl, prefix, contains = '') {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND strpos(datname, $2) > 0 ORDER BY datname',
      [prefix, contains],
    );
    return rows.map((row) => row.datname);
  });
}
