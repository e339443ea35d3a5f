import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@seminarwerk/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/index.ts';
import { defer } from './helpers.ts';

const MIGRATIONS = {
  '20260101000000_first': 'CREATE TABLE first_table (id int PRIMARY KEY);',
  '20260102000000_second': 'CREATE TABLE second_table (id int PRIMARY KEY);\nINSERT INTO second_table VALUES (1);',
  '20260103000000_third': 'ALTER TABLE first_table ADD COLUMN name text;',
};
const NAMES = Object.keys(MIGRATIONS).sort();

function writeMigration(dir: string, name: string, sql: string): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'migration.sql'), sql);
}

/** A temp prisma/migrations dir; the names are written in reverse so order comes from the names. */
function migrationsDir(migrations: Record<string, string> = MIGRATIONS): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-migrate-test-'));
  defer(async () => rmSync(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(migrations).reverse()) writeMigration(dir, name, sql);
  writeFileSync(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  return dir;
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

const recorded = (url: string) =>
  query<{ migration_name: string; checksum: string }>(
    url,
    'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
  );

describe('migrate', () => {
  it('applies migrations in name order and is a no-op the second time', async () => {
    const url = await createTestDatabase('migrate_twice');
    const dir = migrationsDir();

    expect(await migrate(url, dir)).toEqual({ applied: NAMES, alreadyApplied: [] });
    const after = await recorded(url);
    expect(after.map((r) => r.migration_name)).toEqual(NAMES);
    expect(after.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);

    expect(await migrate(url, dir)).toEqual({ applied: [], alreadyApplied: NAMES });
    expect(await recorded(url)).toEqual(after);
    // The INSERT of the second migration ran once, and the third one found the first's table.
    expect(await query(url, 'SELECT id FROM second_table')).toEqual([{ id: 1 }]);
    expect(await query(url, 'SELECT id, name FROM first_table')).toEqual([]);
  });

  it('applies only migrations added since the last run', async () => {
    const url = await createTestDatabase('migrate_added');
    const dir = migrationsDir({ [NAMES[0] as string]: MIGRATIONS['20260101000000_first'] });
    await migrate(url, dir);
    for (const name of NAMES.slice(1)) writeMigration(dir, name, MIGRATIONS[name as keyof typeof MIGRATIONS]);

    expect(await migrate(url, dir)).toEqual({ applied: NAMES.slice(1), alreadyApplied: NAMES.slice(0, 1) });
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual(NAMES);
  });

  it('applies each migration once when two migrators start at the same time', async () => {
    const url = await createTestDatabase('migrate_concurrent');
    const dir = migrationsDir();

    const results = await Promise.all([migrate(url, dir), migrate(url, dir)]);

    expect(results.flatMap((r) => r.applied).sort()).toEqual(NAMES);
    for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual(NAMES);
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual(NAMES);
    expect(await query(url, 'SELECT id FROM second_table')).toEqual([{ id: 1 }]);
  });

  it('refuses a migration that was changed after it was applied', async () => {
    const url = await createTestDatabase('migrate_changed');
    const dir = migrationsDir();
    await migrate(url, dir);
    const before = await recorded(url);

    writeMigration(dir, '20260102000000_second', 'CREATE TABLE second_table (id bigint PRIMARY KEY);');
    await expect(migrate(url, dir)).rejects.toThrow(/20260102000000_second was changed after it was applied/);
    expect(await recorded(url)).toEqual(before);
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const url = await createTestDatabase('migrate_failing');
    const dir = migrationsDir({
      '20260101000000_ok': 'CREATE TABLE ok_table (id int);',
      '20260102000000_broken': 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;',
    });

    await expect(migrate(url, dir)).rejects.toThrow(/Migration 20260102000000_broken failed/);
    expect((await recorded(url)).map((r) => r.migration_name)).toEqual(['20260101000000_ok']);
    expect(await query(url, "SELECT to_regclass('half_done') IS NULL AS gone")).toEqual([{ gone: true }]);
  });
});
