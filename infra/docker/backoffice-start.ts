// The back office under docker compose (decisions.md 89): its database (also on a volume made before the app
// existed), its API key (scope staff:delegate) made once with the gateway's bootstrap key and kept on the app's own
// volume, then the app itself (src/main.ts, as every service starts) with that key. With BACKOFFICE_API_KEY set, that
// key is used and nothing is made.
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { backofficeKey } from '@seminarwerk/testing';
import { databaseUrl, ensureDatabase } from '../postgres.mjs';

const log = (msg: string) => console.log(JSON.stringify({ level: 30, time: Date.now(), service: 'backoffice', msg }));
const keyFile = process.env.BACKOFFICE_API_KEY_FILE ?? '/var/lib/backoffice/api-key';

async function ownKey(gatewayUrl: string): Promise<string> {
  const given = process.env.BACKOFFICE_API_KEY;
  if (given) return given;
  const bootstrap = process.env.BOOTSTRAP_BACK_OFFICE_KEY;
  if (!bootstrap) throw new Error('set BACKOFFICE_API_KEY, or BOOTSTRAP_BACK_OFFICE_KEY so the app can make its own key');
  const kept = await readFile(keyFile, 'utf8').then(
    (text) => text.trim() || undefined,
    () => undefined,
  );
  // The key made on an earlier start if the gateway still takes it, else a new one (backofficeKey checks it).
  const key = await backofficeKey(gatewayUrl, bootstrap, kept);
  if (key !== kept) {
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, `${key}\n`, { mode: 0o600 });
    await chmod(keyFile, 0o600);
    log(`made the app its own API key with the bootstrap key, kept in ${keyFile}`);
  }
  return key;
}

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
const dbUrl = process.env.DATABASE_URL ?? '';
await ensureDatabase(databaseUrl(dbUrl, 'postgres'), databaseName(dbUrl));
const key = await ownKey(process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000');
const app = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
  env: { ...process.env, BACKOFFICE_API_KEY: key },
  stdio: 'inherit',
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => app.kill(signal));
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
