// Runs `prisma generate` for the service in the current directory.
// The Prisma CLI checks for its native schema engine before every command, even `generate`,
// which does not use it; that binary cannot be downloaded on offline machines. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies the check (see docs/decisions.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const cli = require.resolve('prisma/build/index.js', { paths: [process.cwd()] });
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
