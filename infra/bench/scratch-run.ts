import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type SmtpTestServer,
  type SystemOptions,
  startSmtpServer,
  startTestInfrastructure,
  type TestInfrastructure,
} from '@seminarwerk/testing';
import { dropDatabase, listDatabases } from '../postgres.mjs';
import { onCleanup } from './lifecycle.ts';

export interface ScratchRun {
  /** yyyymmddhhmmss of the start, for names. */
  stamp: string;
  /** This run's databases are `<prefix>_<service>`; all are dropped at the end. */
  prefix: string;
  logDir: string;
  infra: TestInfrastructure;
  smtp: SmtpTestServer;
  /** Whether the service logs stay after the run (they do unless told otherwise, e.g. when everything passed). */
  keepLogs(keep: boolean): void;
  /** `startSystem`'s options for this run's infrastructure, databases, logs and SMTP server, logging at `warn`. */
  systemOptions(backOfficeKey: string, env: Record<string, string>): SystemOptions;
}

/**
 * What a benchmark, the fuzz run and the chaos suite start before their system: Kafka and PostgreSQL (and the
 * validator), a database prefix and log directory of their own, and an SMTP server; each undone at the end.
 */
export async function startScratchRun(names: { database: string; logs: string }, log: (message: string) => void): Promise<ScratchRun> {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const prefix = `sw_${names.database}_${stamp}_${randomBytes(2).toString('hex')}`;
  const logDir = join(tmpdir(), `seminarwerk-${names.logs}-${stamp}`);
  let keepLogs = true;
  const infra = await startTestInfrastructure({ log });
  onCleanup('infrastructure', () => infra.stop());
  onCleanup('databases', async () => {
    for (const name of await listDatabases(infra.postgresAdminUrl, `${prefix}_`)) await dropDatabase(infra.postgresAdminUrl, name);
  });
  onCleanup('service logs', async () => {
    if (keepLogs) log(`service logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  });
  const smtp = await startSmtpServer();
  onCleanup('SMTP server', () => smtp.close());
  return {
    stamp,
    prefix,
    logDir,
    infra,
    smtp,
    keepLogs: (keep) => {
      keepLogs = keep;
    },
    systemOptions: (backOfficeKey, env) => systemOptionsFor({ infra, prefix, logDir, smtpUrl: smtp.url }, backOfficeKey, env),
  };
}

/** `startSystem`'s options for a run's infrastructure, databases, logs and SMTP server, logging at `warn`. */
export function systemOptionsFor(
  run: { infra: TestInfrastructure; prefix: string; logDir: string; smtpUrl: string },
  backOfficeKey: string,
  env: Record<string, string>,
): SystemOptions {
  return {
    kafkaBrokers: run.infra.kafkaBrokers,
    postgresAdminUrl: run.infra.postgresAdminUrl,
    validatorUrl: run.infra.validatorUrl,
    databasePrefix: run.prefix,
    smtpUrl: run.smtpUrl,
    backOfficeKey,
    logDir: run.logDir,
    logLevel: 'warn',
    env,
  };
}
