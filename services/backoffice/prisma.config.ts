// Used by the Prisma CLI only (generate; migrate deploy where the engine exists).
// At run time the client gets its connection through @prisma/adapter-pg (src/db.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/seminarwerk_backoffice' },
});
