import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { GatewayClient } from '../api/gateway.ts';
import { type Area, mayWorkIn, type Role } from '../staff/roles.ts';
import type { StaffSessions } from '../staff/sessions.ts';
import { BASE, type BackofficeEnv, type FormFields, type NavEntry } from './env.ts';
import { isCrossSite } from './security.ts';

export const SESSION_COOKIE = 'sw_session';

export interface CookieSettings {
  /** PUBLIC_BASE_URL is https. */
  secure: boolean;
}

/** HttpOnly, SameSite=Strict, the app's path only; Secure over https. No Max-Age: the server decides when it ends. */
export const setSessionCookie = (c: Context<any>, token: string, settings: CookieSettings) =>
  setCookie(c, SESSION_COOKIE, token, { path: `${BASE}/`, httpOnly: true, sameSite: 'Strict', secure: settings.secure });
export const clearSessionCookie = (c: Context<any>, settings: CookieSettings) =>
  deleteCookie(c, SESSION_COOKIE, { path: `${BASE}/`, httpOnly: true, sameSite: 'Strict', secure: settings.secure });

/**
 * Where to go after sign-in: only a path of this app (`/backoffice/…`), never another site (`//evil.example`,
 * `/backoffice/../`, `\\`), else the start page.
 */
export function safeNextPath(value: string | undefined): string {
  const fallback = `${BASE}/`;
  if (!value || value.length > 1000 || !value.startsWith(`${BASE}/`) || hasControlOrBackslash(value)) return fallback;
  try {
    const url = new URL(value, 'http://app.invalid');
    if (url.origin !== 'http://app.invalid' || !url.pathname.startsWith(`${BASE}/`)) return fallback;
    return `${url.pathname}${url.search}`;
  } catch {
    return fallback;
  }
}

/** Backslashes (some browsers read them as slashes) and control characters. */
const hasControlOrBackslash = (value: string) => [...value].some((ch) => ch === '\\' || ch.charCodeAt(0) < 0x20);

export const signInPath = (next?: string) => `${BASE}/anmelden${next ? `?weiter=${encodeURIComponent(next)}` : ''}`;

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A POST's form fields (urlencoded or multipart), strings only. */
export async function formOf(c: Context<any>): Promise<FormFields> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return {};
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

/**
 * Every page behind sign-in: the session from the cookie (or a redirect to sign-in that comes back here), the API
 * as this staff member, the navigation for the role, and on every request but GET/HEAD the CSRF check: the form's
 * `_csrf` must be the session's token, and a cross-site `Origin`/`Sec-Fetch-Site` is refused (decisions.md 69).
 */
export function requireSession(deps: {
  sessions: StaffSessions;
  gateway: GatewayClient;
  cookies: CookieSettings;
  publicOrigin: string;
  navFor: (role: Role) => readonly NavEntry[];
  refused: (c: Context<BackofficeEnv>, reason: 'csrf') => Response | Promise<Response>;
}): MiddlewareHandler<BackofficeEnv> {
  return async (c, next) => {
    const session = await deps.sessions.resume(getCookie(c, SESSION_COOKIE));
    if (!session) {
      if (getCookie(c, SESSION_COOKIE)) clearSessionCookie(c, deps.cookies);
      const url = new URL(c.req.url);
      // After a POST, come back to the page, not to the action.
      const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : undefined;
      return c.redirect(signInPath(back && safeNextPath(back) === back ? back : undefined), 303);
    }
    c.set('session', session);
    c.set('api', deps.gateway.as(session.staff.username));
    c.set('nav', deps.navFor(session.staff.role));
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (isCrossSite({ get: (n) => c.req.header(n) }, deps.publicOrigin, new URL(c.req.url).origin)) return deps.refused(c, 'csrf');
      const form = await formOf(c);
      if (!sameToken(form._csrf, session.csrfToken)) return deps.refused(c, 'csrf');
      c.set('form', form);
    }
    await next();
  };
}

/** One role check for every screen: the area's roles (staff/roles.ts), else the 403 page. */
export const requireArea =
  (area: Area, forbidden: (c: Context<BackofficeEnv>) => Response | Promise<Response>): MiddlewareHandler<BackofficeEnv> =>
  async (c, next) => {
    if (!mayWorkIn(c.get('session').staff.role, area)) return forbidden(c);
    await next();
  };
