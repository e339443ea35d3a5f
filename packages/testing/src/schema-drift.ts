import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import pg from 'pg';
import { createTestDatabase } from './database.ts';

interface RuntimeField {
  name: string;
  kind: string;
  dbName?: string | null;
}
interface RuntimeModel {
  dbName?: string | null;
  fields: RuntimeField[];
}
interface PrismaLike {
  _runtimeDataModel?: { models: Record<string, RuntimeModel> };
  [delegate: string]: unknown;
}

export interface SchemaDrift {
  /** model.column pairs the schema has and the database lacks, and the reverse. */
  missingInDatabase: string[];
  missingInSchema: string[];
}

/**
 * Compares the generated Prisma client's data model with the migrated database, both ways, and
 * queries every model once (Prisma selects every scalar column, so a mismatch fails there too).
 * `schema.prisma` and the SQL migrations are written by hand: this is what keeps them in step.
 */
export async function schemaDrift(client: unknown, databaseUrl: string): Promise<SchemaDrift> {
  const prisma = client as PrismaLike;
  const models = prisma._runtimeDataModel?.models;
  if (!models) throw new Error('This Prisma client exposes no runtime data model');
  const expected = new Set<string>();
  for (const [name, model] of Object.entries(models)) {
    const table = model.dbName ?? name;
    for (const field of model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')) {
      expected.add(`${table}.${field.dbName ?? field.name}`);
    }
    const delegate = prisma[name.charAt(0).toLowerCase() + name.slice(1)] as { findFirst(): Promise<unknown> };
    await delegate.findFirst();
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ column: string }>(
      `SELECT table_name || '.' || column_name AS column FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = new Set(rows.map((r) => r.column));
    return {
      missingInDatabase: [...expected].filter((c) => !actual.has(c)).sort(),
      missingInSchema: [...actual].filter((c) => !expected.has(c)).sort(),
    };
  } finally {
    await db.end();
  }
}

/** Text columns that hold one of a few known values: each must be guarded by a CHECK constraint. */
const ENUM_LIKE_COLUMNS = ['status', 'role', 'format', 'state', 'outcome', 'vat'];

/** `table.column` of every enum-like text column that no CHECK constraint mentions. */
export async function uncheckedEnumColumns(databaseUrl: string): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ column: string }>(
      `SELECT c.table_name || '.' || c.column_name AS column
         FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.data_type = 'text' AND c.column_name = ANY($1)
          AND NOT EXISTS (
            SELECT 1 FROM pg_constraint k
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
             WHERE k.contype = 'c' AND k.conrelid = (quote_ident(c.table_name))::regclass AND a.attname = c.column_name)
        ORDER BY 1`,
      [ENUM_LIKE_COLUMNS],
    );
    return rows.map((r) => r.column);
  } finally {
    await db.end();
  }
}

/**
 * Migrates a fresh test database and fails, naming the columns, if the Prisma schema disagrees, or if an
 * enum-like column (status, role, format, …) accepts any text.
 */
export async function expectNoSchemaDrift(createDb: (url: string) => { $disconnect(): Promise<void> }, migrationsDir: URL): Promise<void> {
  const url = await createTestDatabase('schema');
  await migrate(url, fileURLToPath(migrationsDir));
  const db = createDb(url);
  try {
    const drift = await schemaDrift(db, url);
    if (drift.missingInDatabase.length > 0 || drift.missingInSchema.length > 0) {
      throw new Error(`schema.prisma and the migrations disagree: ${JSON.stringify(drift)}`);
    }
    const unchecked = await uncheckedEnumColumns(url);
    if (unchecked.length > 0) throw new Error(`No CHECK constraint limits the values of ${unchecked.join(', ')}`);
  } finally {
    await db.$disconnect();
  }
}

/**
 * The text values each CHECK constraint allows, by constraint name (`status IN ('a', 'b')` → `['a', 'b']`, sorted),
 * in a freshly migrated database: for tests that hold a constraint to the list the code knows.
 */
export async function checkConstraintValues(migrationsDir: URL): Promise<Record<string, string[]>> {
  const url = await createTestDatabase('checks');
  await migrate(url, fileURLToPath(migrationsDir));
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ name: string; definition: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contype = 'c'`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, [...r.definition.matchAll(/'([^']*)'::text/g)].map((m) => m[1] as string).sort()]));
  } finally {
    await db.end();
  }
}
