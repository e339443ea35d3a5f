import { inject, type ProvidedContext } from 'vitest';
import type { InfraSource } from './infrastructure.ts';

// Values the global setup (main process) hands to test workers (other processes).
declare module 'vitest' {
  export interface ProvidedContext {
    infraSource: InfraSource;
    kafkaBrokers: string;
    postgresAdminUrl: string;
    /** Only for the local source, so a test can restart the broker; null otherwise. */
    kafkaDataDir: string | null;
    kafkaPort: number | null;
    kafkaControllerPort: number | null;
    kafkaOwnerPid: number | null;
    /** The XRechnung validator of the run (infra/validator): `POST <url>/validate`. */
    validatorUrl: string;
    /** Part of every test database name, so a run drops only its own databases. */
    testRunId: string;
  }
}

export function provided<K extends keyof ProvidedContext>(key: K): ProvidedContext[K] {
  const value = inject(key);
  if (value === undefined) {
    throw new Error(`'${key}' was not provided: add '@seminarwerk/testing/global-setup' to the vitest globalSetup`);
  }
  return value;
}
