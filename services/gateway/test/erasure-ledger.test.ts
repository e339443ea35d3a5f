import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient, TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dump,
  erase,
  naming,
  person,
  register,
  repoRoot,
  restore,
  rowsOf,
  run,
  scheduleDate,
  settled,
  startWholeSystem,
  type WholeSystem,
} from './erasure-support.ts';

/**
 * The erasure ledger after a restore: backups of registration's and notification's databases from before an erasure
 * bring the person back; `npm run privacy:reapply-erasures` erases them again.
 */

let whole: WholeSystem;
let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;

beforeAll(async () => {
  whole = await startWholeSystem();
  ({ system, backOffice, partner } = whole);
}, 240_000);

afterAll(async () => {
  await whole?.stop();
});

const restored = ['registration', 'notification'] as const;

describe('the erasure ledger', () => {
  it('erases the person again after their data came back with a restore of the databases', async () => {
    const offering = await scheduleDate(backOffice, 5);
    const [anna, berta] = [person('Anna'), person('Berta')] as const;
    const annas = await register(partner, offering, anna);
    const bertas = await register(partner, offering, berta);
    await settled(backOffice, annas.id);
    await settled(backOffice, bertas.id);
    const backups = mkdtempSync(join(tmpdir(), 'erasure-backup-'));
    for (const service of restored) await dump(system, service, join(backups, `${service}.sql`));

    const erasure = await erase(backOffice, { email: anna.email });
    for (const service of restored) expect(naming(await rowsOf(system, service), anna)).toEqual([]);

    for (const service of restored) await restore(system, service, join(backups, `${service}.sql`));
    for (const service of restored) expect(naming(await rowsOf(system, service), anna).length).toBeGreaterThan(0);

    // The command waits until every service has confirmed: afterwards she is gone, and Berta is not.
    const { stdout } = await run('npm', ['run', '--silent', 'privacy:reapply-erasures'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: await system.databaseUrl('gateway'),
        REGISTRATION_URL: system.urls.registration,
        NOTIFICATION_URL: system.urls.notification,
        INVOICING_URL: system.urls.invoicing,
        PRINCIPAL_SIGNING_SECRET: system.principalSigningSecret,
        LOG_LEVEL: 'warn',
      },
    });
    expect(stdout).toContain(`erasure ${erasure.id}: reapplied to 1 registrations`);
    for (const trace of [anna.email, anna.lastName]) expect(stdout.toLowerCase()).not.toContain(trace.toLowerCase());
    for (const service of restored) {
      const rows = await rowsOf(system, service);
      expect(naming(rows, anna)).toEqual([]);
      expect(naming(rows, berta).length).toBeGreaterThan(0);
    }
  });
});
