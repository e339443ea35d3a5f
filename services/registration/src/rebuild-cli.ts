// `npm run rebuild:registrations -w @seminarwerk/registration`: rebuilds the read model from the event store.
import { rebuildRegistrations } from './app/rebuild.ts';
import { loadConfig } from './config.ts';
import { createDb } from './db.ts';

const db = createDb(loadConfig().DATABASE_URL);
try {
  const result = await rebuildRegistrations(db);
  console.log(`rebuilt ${result.registrations} registrations from ${result.streams} offering streams`);
} finally {
  await db.$disconnect();
}
