import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiClient,
  apiClient,
  type SmtpTestServer,
  scheduleSeminarDate,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dump, erase, type Json, naming, person, register, repoRoot, restore, rowsOf, run, settled } from './erasure-support.ts';

/**
 * The erasure ledger after a restore: backups of registration's and notification's databases from before an erasure
 * bring the person back; `npm run privacy:reapply-erasures` erases them again.
 */

let smtp: SmtpTestServer;
let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const key = await backOffice.post<Json>('/v1/api-keys', { name: 'Oldenburg HR', role: 'partner', municipalityId: 'oldenburg' });
  partner = apiClient(system.gatewayUrl, key.body.key);
}, 240_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

const restored = ['registration', 'notification'] as const;

describe('the erasure ledger', () => {
  it('erases the person again after their data came back with a restore of the databases', async () => {
    const offering = await scheduleSeminarDate(backOffice, {
      title: 'Aktenführung',
      topic: 'Verwaltung',
      feeCents: 15000,
      capacity: 5,
      startsAt: '2030-04-02T09:00:00+02:00',
      endsAt: '2030-04-02T16:00:00+02:00',
      venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
      registrationDeadline: '2030-03-20',
    });
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
