// CPU of each service while the system has nothing to do: starts everything like the benchmarks, waits 20 s, then
// reads each service's CPU time from /proc over 30 s and prints it as a share of one core.
// `npx tsx infra/bench/idle.ts` (without KAFKA_BROKERS, so that it starts a broker of its own).
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICES, startSmtpServer, startSystem, startTestInfrastructure } from '@seminarwerk/testing';
import { dropDatabase, listDatabases } from '../postgres.mjs';
import { processCpuMs } from './cpu.ts';

const infra = await startTestInfrastructure();
const prefix = `sw_idle_${randomBytes(3).toString('hex')}`;
const logDir = join(tmpdir(), prefix);
const smtp = await startSmtpServer();
const system = await startSystem({
  kafkaBrokers: infra.kafkaBrokers,
  postgresAdminUrl: infra.postgresAdminUrl,
  validatorUrl: infra.validatorUrl,
  databasePrefix: prefix,
  smtpUrl: smtp.url,
  backOfficeKey: `k_${randomBytes(16).toString('hex')}`,
  logDir,
  logLevel: 'warn',
  env: { KAFKA_NAMESPACE: `${prefix}.` },
});
await new Promise((r) => setTimeout(r, 20_000));
const before = SERVICES.map((s) => processCpuMs(system.pids[s]));
const seconds = 30;
await new Promise((r) => setTimeout(r, seconds * 1000));
const shares = SERVICES.map((s, i) => `${s} ${((processCpuMs(system.pids[s]) - (before[i] ?? 0)) / seconds / 10).toFixed(2)} %`);
console.log(`CPU while idle, share of one core over ${seconds} s: ${shares.join(', ')}`);
await system.stop();
await smtp.close();
for (const db of await listDatabases(infra.postgresAdminUrl, `${prefix}_`)) await dropDatabase(infra.postgresAdminUrl, db);
await infra.stop();
rmSync(logDir, { recursive: true, force: true });
process.exit(0);
