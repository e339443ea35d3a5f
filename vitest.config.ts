import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const workspaces = ['contracts', 'decider', 'logging', 'messaging', 'postgres', 'http', 'runtime', 'testing', 'icalendar'].map(
  (p) => `packages/${p}`,
);
const services = ['catalogue', 'registration', 'invoicing', 'notification', 'gateway', 'backoffice'].map((s) => `services/${s}`);

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
        test: { name: root.split('/')[1], root, include: ['src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/**/*.test.ts'] },
      })),
      // The scripts of npm start and the benchmarks: unit specs only (benchmarks are run, not tested).
      { extends: true, test: { name: 'infra', root: 'infra', include: ['seed/**/*.spec.ts'] } },
    ],
  },
});
