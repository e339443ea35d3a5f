import { randomBytes } from 'node:crypto';
import type { Logger } from '@seminarwerk/logging';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { StaffAccounts } from '../staff/accounts.ts';
import type { StaffSessions } from '../staff/sessions.ts';
import { TextField } from '../ui/form.tsx';
import { Alert } from '../ui/messages.tsx';
import { htmlPage } from '../ui/page.tsx';
import { BASE } from './env.ts';
import { isCrossSite } from './security.ts';
import {
  type CookieSettings,
  clearSessionCookie,
  formOf,
  SESSION_COOKIE,
  safeNextPath,
  sameToken,
  setSessionCookie,
  signInPath,
} from './session.ts';

/** Before a session exists, the sign-in form is protected by a token in a cookie and the form (double submit). */
const SIGN_IN_CSRF_COOKIE = 'sw_anmeldung';

/** One message for every failure: it does not tell whether the name exists or the account is locked (decisions.md 70). */
const FAILED =
  'Anmeldung nicht möglich. Benutzername oder Passwort stimmen nicht, oder das Konto ist nach mehreren Fehlversuchen ' +
  'vorübergehend gesperrt. Bitte versuchen Sie es erneut oder wenden Sie sich an die Administration.';

function SignInForm(props: { csrf: string; next: string; username?: string; message?: string }) {
  return (
    <div class="app-signin app-stack">
      {props.message && <Alert tone="danger" title={props.message} />}
      <p class="kern-body">Melden Sie sich mit Ihrem Benutzernamen und Passwort an.</p>
      <form method="post" action={`${BASE}/anmelden`} class="app-stack">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="weiter" value={props.next} />
        <TextField name="benutzername" label="Benutzername" value={props.username} required autocomplete="username" />
        <TextField name="passwort" label="Passwort" type="password" required autocomplete="current-password" />
        <div class="app-actions">
          <button type="submit" class="kern-btn kern-btn--primary">
            <span class="kern-label">Anmelden</span>
          </button>
        </div>
      </form>
    </div>
  );
}

export function signInRoutes(
  app: Hono<any>,
  deps: { accounts: StaffAccounts; sessions: StaffSessions; cookies: CookieSettings; publicOrigin: string; logger: Logger },
) {
  const signInToken = (c: Context<any>) => {
    const existing = getCookie(c, SIGN_IN_CSRF_COOKIE);
    if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomBytes(32).toString('base64url');
    setCookie(c, SIGN_IN_CSRF_COOKIE, token, {
      path: `${BASE}/`,
      httpOnly: true,
      sameSite: 'Strict',
      secure: deps.cookies.secure,
      maxAge: 3600,
    });
    return token;
  };

  app.get(`${BASE}/anmelden`, async (c) => {
    // Already signed in: straight on.
    if (await deps.sessions.resume(getCookie(c, SESSION_COOKIE))) return c.redirect(safeNextPath(c.req.query('weiter')), 303);
    return htmlPage(c, 'Anmelden', <SignInForm csrf={signInToken(c)} next={safeNextPath(c.req.query('weiter'))} />);
  });

  app.post(`${BASE}/anmelden`, async (c) => {
    const form = await formOf(c);
    const next = safeNextPath(form.weiter);
    const crossSite = isCrossSite({ get: (n) => c.req.header(n) }, deps.publicOrigin, new URL(c.req.url).origin);
    if (crossSite || !sameToken(form._csrf, getCookie(c, SIGN_IN_CSRF_COOKIE))) {
      deps.logger.info({ crossSite }, 'sign-in form refused: cross-site or without its token');
      const message = 'Das Anmeldeformular war abgelaufen. Bitte melden Sie sich noch einmal an.';
      return htmlPage(c, 'Anmelden', <SignInForm csrf={signInToken(c)} next={next} message={message} />, 403);
    }
    const username = (form.benutzername ?? '').trim().toLowerCase().slice(0, 100);
    const result = await deps.accounts.signIn(username, (form.passwort ?? '').slice(0, 1000));
    if (!result.ok) {
      // The reason goes to the log for the administrators; the username does not (it may be a mistyped password).
      deps.logger.info({ reason: result.reason }, 'sign-in refused');
      return htmlPage(c, 'Anmelden', <SignInForm csrf={signInToken(c)} next={next} username={username} message={FAILED} />, 401);
    }
    // A fresh session id at every sign-in (no session fixation); the old one, if any, ends.
    await deps.sessions.end(getCookie(c, SESSION_COOKIE));
    const { token } = await deps.sessions.start(result.staff);
    setSessionCookie(c, token, deps.cookies);
    deleteCookie(c, SIGN_IN_CSRF_COOKIE, { path: `${BASE}/` });
    deps.logger.info({ staffId: result.staff.id, role: result.staff.role }, 'signed in');
    return c.redirect(next, 303);
  });
}

/** Sign-out ends the session on the server (the cookie alone would not), behind the CSRF check like every POST. */
export function signOutRoute(app: Hono<any>, deps: { sessions: StaffSessions; cookies: CookieSettings }) {
  app.post(`${BASE}/abmelden`, async (c) => {
    await deps.sessions.end(getCookie(c, SESSION_COOKIE));
    clearSessionCookie(c, deps.cookies);
    return c.redirect(signInPath(), 303);
  });
}
