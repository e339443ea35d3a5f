import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '../../../infra/postgres.mjs';
import { provided } from './context.ts';

/** Creates an empty database `sw_test_<label>_<run id>_<random>` and returns its URL; the global teardown drops it. */
export async function createTestDatabase(label: string): Promise<string> {
  const safeLabel =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 30) || 'db';
  const name = `sw_test_${safeLabel}_${provided('testRunId')}_${randomBytes(4).toString('hex')}`;
  return ensureDatabase(provided('postgresAdminUrl'), name);
}
