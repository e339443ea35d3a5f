import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const workspaces = ['contracts', 'decider', 'logging', 'messaging', 'postgres', 'http', 'runtime', 'testing', 'icalendar'].map(
  (p) => `packages/${p}`,
);
const services = ['catalogue', 'registration', 'invoicing', 'notification', 'gateway', 'backoffice'].map((s) => `services/${s}`);

/**
 * Tests that kill and restart the shared Kafka broker: they run last, one at a time, when nothing else is running
 * (`groupOrder`), since a test running beside them would find the broker gone.
 */
const brokerRestarts = ['packages/postgres/test/outbox-broker-restart.test.ts', 'services/gateway/test/chaos-short.test.ts'];
const brokerRestartsAnywhere = brokerRestarts.map((path) => `**/${path.split('/').pop()}`);

/**
 * One run for the whole monorepo, so the infrastructure (Kafka, PostgreSQL) starts once:
 * the global setup picks environment, Docker or the local scripts (packages/testing).
 */
export default defineConfig({
  test: {
    globalSetup: [fileURLToPath(new URL('packages/testing/src/global-setup.ts', import.meta.url))],
    // Vitest's default on 2 cores is one worker, which runs the test files one after another although most of their
    // time is spent waiting on Kafka, PostgreSQL and service processes: two overlap that waiting.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      ...[...workspaces, ...services].map((root) => ({
        extends: true,
        test: {
          name: root.split('/')[1],
          root,
          include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...brokerRestartsAnywhere],
        },
      })),
      { extends: true, test: { name: 'broker-restarts', include: brokerRestarts, maxWorkers: 1, sequence: { groupOrder: 1 } } },
      // The scripts of npm start and the benchmarks: unit specs only (benchmarks are run, not tested).
      { extends: true, test: { name: 'infra', root: 'infra', include: ['seed/**/*.spec.ts'] } },
    ],
  },
});
