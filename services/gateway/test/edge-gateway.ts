import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { checkingAnswers, createTestDatabase } from '@seminarwerk/testing';
import { createGateway } from '../src/app.ts';
import { type ApiKeys, type ApiKeysOptions, apiKeys } from '../src/auth/api-keys.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type Db } from '../src/db.ts';
import { type EdgeSettings, edgeSettingsOf } from '../src/edge/edge.ts';
import { idempotencyStore } from '../src/idempotency/idempotency.ts';

/** A migrated gateway database of its own. */
export async function gatewayDatabase(label: string): Promise<{ url: string; db: Db }> {
  const url = await createTestDatabase(label);
  await migrate(url, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  return { url, db: createDb(url) };
}

/** Edge settings as configured by `env` (config.ts), with a random signing secret. */
export const edgeSettings = (env: Record<string, string> = {}, extra: Partial<EdgeSettings> = {}): EdgeSettings => ({
  ...edgeSettingsOf(loadConfig(env), randomBytes(32).toString('base64url')),
  ...extra,
});

/**
 * A gateway in this process on `db`, with no services behind it (a forwarded call answers 503). Every answer to
 * `app.request` is checked against the document the gateway serves.
 */
export function edgeGateway(db: Db, edge: EdgeSettings, keyOptions: ApiKeysOptions = {}): { app: OpenAPIHono; keys: ApiKeys } {
  const keys = apiKeys(db, keyOptions);
  const nowhere = (name: string) => ({ name, baseUrl: 'http://127.0.0.1:9' });
  const app = createGateway({
    logger: createLogger('gateway', 'silent'),
    keys,
    idempotencyStore: idempotencyStore(db.pool, 24),
    upstreams: {
      catalogue: nowhere('catalogue'),
      registration: nowhere('registration'),
      invoicing: nowhere('invoicing'),
      notification: nowhere('notification'),
    },
    readiness: {},
    edge,
  });
  return { app: checkingAnswers(app), keys };
}

/** Limits no test reaches, for tests about something else. */
export const NO_LIMITS = {
  RATE_LIMIT_PARTNER_PER_SECOND: '1000000',
  RATE_LIMIT_PARTNER_BURST: '1000000',
  RATE_LIMIT_BACKOFFICE_PER_SECOND: '1000000',
  RATE_LIMIT_BACKOFFICE_BURST: '1000000',
  RATE_LIMIT_ANONYMOUS_PER_SECOND: '1000000',
  RATE_LIMIT_ANONYMOUS_BURST: '1000000',
};

export const bearer = (key: string, headers: Record<string, string> = {}) => ({ headers: { authorization: `Bearer ${key}`, ...headers } });
