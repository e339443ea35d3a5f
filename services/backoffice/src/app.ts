import { createApp } from '@seminarwerk/http';
import type { Logger } from '@seminarwerk/logging';
import { Hono, type MiddlewareHandler } from 'hono';
import type { GatewayClient } from './api/gateway.ts';
import { BASE, type BackofficeEnv, href, type NavEntry } from './http/env.ts';
import { securityHeaders } from './http/security.ts';
import { type CookieSettings, requireArea, requireSession } from './http/session.ts';
import { signInRoutes, signOutRoute } from './http/sign-in.tsx';
import type { PrivacyRequests } from './privacy/requests.ts';
import { SCREENS } from './screens/index.ts';
import type { Screen } from './screens/screen.ts';
import type { StaffAccounts } from './staff/accounts.ts';
import { mayWorkIn, type Role } from './staff/roles.ts';
import type { StaffSessions } from './staff/sessions.ts';
import { assetRoutes } from './ui/assets.ts';
import { csrfRefusedPage, errorPage, forbiddenPage, notFoundPage } from './ui/errors.tsx';

export interface BackofficeDeps {
  logger: Logger;
  accounts: StaffAccounts;
  sessions: StaffSessions;
  gateway: GatewayClient;
  /** The back office's own list of the data protection requests it started (the gateway keeps none). */
  privacyRequests: PrivacyRequests;
  /** PUBLIC_BASE_URL: its origin is the one forms may come from; https makes the cookies Secure. */
  publicBaseUrl: string;
  readiness?: Record<string, () => Promise<unknown>>;
  /** The screens to serve; default SCREENS (tests may pass their own). */
  screens?: readonly Screen[];
}

/** The navigation a role sees: the screens of its areas that have an entry, in order. */
export const navigationFor = (screens: readonly Screen[]) => (role: Role) =>
  screens
    .filter((s) => s.nav && mayWorkIn(role, s.area))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0))
    .map((s): NavEntry => ({ label: s.nav?.label ?? '', href: href(s.path) }));

/** Hands a part of the app's own data to the screens (`c.get(name)`), as the session middleware does the API. */
const provide =
  <K extends keyof BackofficeEnv['Variables']>(name: K, value: BackofficeEnv['Variables'][K]): MiddlewareHandler<BackofficeEnv> =>
  async (c, next) => {
    c.set(name, value);
    await next();
  };

/**
 * The back office: assets and sign-in open to all, everything else behind a session (with the CSRF check) and each
 * screen behind its area's roles. Served under /backoffice/, which the gateway forwards (decisions.md 73).
 */
export function createBackoffice(deps: BackofficeDeps) {
  const screens = deps.screens ?? SCREENS;
  const publicOrigin = new URL(deps.publicBaseUrl).origin;
  const cookies: CookieSettings = { secure: deps.publicBaseUrl.startsWith('https:') };
  const app = createApp({ service: 'backoffice', logger: deps.logger, readiness: deps.readiness ?? {}, first: [securityHeaders()] });
  app.onError((error, c) => {
    deps.logger.error({ err: { message: error.message, name: error.name } }, 'unhandled error');
    return errorPage(c);
  });
  app.notFound((c) => notFoundPage(c));

  app.get(BASE, (c) => c.redirect(`${BASE}/`, 301));
  assetRoutes(app);
  signInRoutes(app, { accounts: deps.accounts, sessions: deps.sessions, cookies, publicOrigin, logger: deps.logger });

  app.use(
    `${BASE}/*`,
    requireSession({
      sessions: deps.sessions,
      gateway: deps.gateway,
      cookies,
      publicOrigin,
      navFor: navigationFor(screens),
      refused: (c) => csrfRefusedPage(c),
    }),
  );
  app.use(`${BASE}/*`, provide('privacyRequests', deps.privacyRequests));
  signOutRoute(app, { sessions: deps.sessions, cookies });

  for (const screen of screens) {
    const router = new Hono<BackofficeEnv>({ strict: false });
    router.use(requireArea(screen.area, forbiddenPage));
    screen.routes(router);
    app.route(href(screen.path), router);
  }
  return app;
}
