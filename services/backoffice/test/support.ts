import { fileURLToPath } from 'node:url';
import { startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import { Hono } from 'hono';
import { gatewayClient } from '../src/api/gateway.ts';
import { createBackoffice } from '../src/app.ts';
import { createDb } from '../src/db.ts';
import { privacyRequests } from '../src/privacy/requests.ts';
import type { Screen } from '../src/screens/screen.ts';
import { staffAccounts } from '../src/staff/accounts.ts';
import type { Role } from '../src/staff/roles.ts';
import { staffSessions } from '../src/staff/sessions.ts';

export const migrations = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
export const PASSWORD = 'richtig-langes-passwort-2027';
const MINUTE = 60_000;

/** A clock the test moves. */
export function testClock(start = new Date('2027-03-01T08:00:00Z')) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
}

/** Stands in for the gateway: the test's own `routes` first, else empty lists; every request's headers on record. */
async function stubGateway(routes?: (gateway: Hono) => void) {
  const seen: { method: string; path: string; headers: Record<string, string> }[] = [];
  const app = new Hono();
  app.use('*', async (c, next) => {
    seen.push({ method: c.req.method, path: c.req.path, headers: Object.fromEntries(c.req.raw.headers) });
    await next();
  });
  routes?.(app);
  app.all('*', (c) => {
    if (c.req.path === '/v1/registration-summaries') return c.json({ type: 'x/route-not-found', status: 404, detail: 'no' }, 404);
    return c.json({ items: [], nextCursor: null });
  });
  const server = await startServer(app, 0);
  return { url: server.url, seen, close: server.close };
}

/** The app over a fresh database and a stub gateway, with one account per role and a clock the test moves. */
export async function backofficeUnderTest(
  options: { screens?: readonly Screen[]; publicBaseUrl?: string; gatewayRoutes?: (gateway: Hono) => void } = {},
) {
  const databaseUrl = await createTestDatabase('backoffice');
  await migrate(databaseUrl, migrations);
  const db = createDb(databaseUrl);
  const clock = testClock();
  const logger = createLogger('backoffice', 'silent');
  const accounts = staffAccounts(db, { maxFailures: 5, lockMs: 15 * MINUTE }, clock.now);
  const sessions = staffSessions(db, { idleMs: 30 * MINUTE, maxMs: 10 * 60 * MINUTE }, clock.now);
  const gateway = await stubGateway(options.gatewayRoutes);
  for (const role of ['sachbearbeitung', 'rechnungswesen', 'admin'] as const) {
    await accounts.upsert({ username: role, password: PASSWORD, role, displayName: `Test ${role}` });
  }
  const app = createBackoffice({
    logger,
    accounts,
    sessions,
    gateway: gatewayClient({ baseUrl: gateway.url, apiKey: 'sw_test_app_key_0123456789abcdef', logger }),
    privacyRequests: privacyRequests(db, clock.now),
    publicBaseUrl: options.publicBaseUrl ?? 'http://127.0.0.1:3000',
    ...(options.screens ? { screens: options.screens } : {}),
  });
  return {
    app,
    db,
    clock,
    gateway,
    browser: () => browserOf(app),
    async close() {
      await gateway.close();
      await db.$disconnect();
    },
  };
}

/** Enough of a browser for HTTP-level tests: keeps cookies, follows nothing, reads the forms' hidden fields. */
export function browserOf(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }) {
  const jar = new Map<string, string>();
  const origin = 'http://127.0.0.1:3000';
  async function send(method: string, path: string, form?: Record<string, string>, headers: Record<string, string> = {}) {
    const response = await app.request(`${origin}${path}`, {
      method,
      headers: {
        ...(jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/max-age=0/i.test(cookie) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return { response, status: response.status, location: response.headers.get('location'), html: await response.text() };
  }
  return {
    jar,
    get: (path: string) => send('GET', path),
    post: (path: string, form: Record<string, string>, headers?: Record<string, string>) => send('POST', path, form, headers),
    /** Signs in through the form, as a person would. */
    async signIn(username: string, password = PASSWORD, next?: string) {
      const page = await send('GET', `/backoffice/anmelden${next ? `?weiter=${encodeURIComponent(next)}` : ''}`);
      return send('POST', '/backoffice/anmelden', {
        _csrf: hiddenField(page.html, '_csrf'),
        weiter: hiddenField(page.html, 'weiter'),
        benutzername: username,
        passwort: password,
      });
    },
  };
}

export const hiddenField = (html: string, name: string) => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden field ${name} in the page`);
  return match[1].replace(/&amp;/g, '&').replace(/&#x2F;/g, '/');
};

export const roles: readonly Role[] = ['sachbearbeitung', 'rechnungswesen', 'admin'];
