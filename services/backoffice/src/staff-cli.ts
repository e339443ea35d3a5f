// npm run staff:create -w @seminarwerk/backoffice -- <username> <role> [display name]
// Creates a staff account, or resets its role, password and lock. The password is read from stdin (one line) when
// stdin is not a terminal, else generated and printed once. Uses DATABASE_URL like the service.
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { migrate } from '@seminarwerk/postgres';
import { loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { backofficeParts } from './main.ts';
import { generatePassword } from './staff/passwords.ts';
import { Role } from './staff/roles.ts';

async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) return line.trim() || undefined;
  return undefined;
}

async function main() {
  const [username, role, ...name] = process.argv.slice(2);
  const parsedRole = Role.safeParse(role);
  if (!username || !/^[a-z0-9._-]{2,60}$/.test(username) || !parsedRole.success) {
    console.error(`usage: npm run staff:create -w @seminarwerk/backoffice -- <username> <${Role.options.join('|')}> [display name]`);
    process.exit(2);
  }
  // The app's key is not needed here: any value satisfies the config.
  const config = loadConfig({ ...process.env, BACKOFFICE_API_KEY: process.env.BACKOFFICE_API_KEY ?? 'x'.repeat(24) });
  await migrate(config.DATABASE_URL, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  const db = createDb(config.DATABASE_URL);
  try {
    const given = await passwordFromStdin();
    if (given !== undefined && given.length < 12) throw new Error('the password must have at least 12 characters');
    const password = given ?? generatePassword();
    const staff = await backofficeParts(config, db).accounts.upsert({
      username,
      password,
      role: parsedRole.data,
      ...(name.length ? { displayName: name.join(' ') } : {}),
    });
    console.log(`Staff account ${staff.username} (${staff.role}) is ready.${given ? '' : ` Password (shown once): ${password}`}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: Error) => {
  console.error(`staff:create failed: ${error.message}`);
  process.exit(1);
});
