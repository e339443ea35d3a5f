import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Screen } from '../src/screens/screen.ts';
import { overview } from '../src/screens/uebersicht.tsx';
import { staffAccounts } from '../src/staff/accounts.ts';
import { renderPage } from '../src/ui/page.tsx';
import { backofficeUnderTest, hiddenField, PASSWORD } from './support.ts';

const MINUTE = 60_000;

/** A screen of the billing area, to see the role check every screen gets from its registration. */
const invoicesForTest: Screen = {
  path: '/rechnungen',
  area: 'billing',
  nav: { label: 'Rechnungen', order: 30 },
  routes: (router) => router.get('/', (c) => renderPage(c, 'Rechnungen', 'Liste')),
};

let system: Awaited<ReturnType<typeof backofficeUnderTest>>;
beforeAll(async () => {
  system = await backofficeUnderTest({ screens: [overview, invoicesForTest] });
});
afterAll(() => system?.close());

describe('signed out', () => {
  it('is sent to sign-in, and comes back to the page it asked for', async () => {
    const browser = system.browser();
    const asked = await browser.get('/backoffice/rechnungen?status=draft');
    expect(asked.status).toBe(303);
    expect(asked.location).toBe('/backoffice/anmelden?weiter=%2Fbackoffice%2Frechnungen%3Fstatus%3Ddraft');
    const signIn = await browser.get(asked.location as string);
    expect(signIn.html).toContain('<html lang="de">');
    expect(hiddenField(signIn.html, 'weiter')).toBe('/backoffice/rechnungen?status=draft');
    const signedIn = await browser.signIn('rechnungswesen', PASSWORD, '/backoffice/rechnungen?status=draft');
    expect(signedIn.location).toBe('/backoffice/rechnungen?status=draft');
  });

  it('is never sent on to another site after sign-in', async () => {
    for (const next of ['//evil.example/', 'https://evil.example/backoffice/', '/backoffice/../v1/api-keys', '/\\evil.example']) {
      const signedIn = await system.browser().signIn('admin', PASSWORD, next);
      expect(signedIn.location, next).toBe('/backoffice/');
    }
  });
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie for /backoffice/ only, and shows the Übersicht', async () => {
    const browser = system.browser();
    const signedIn = await browser.signIn('admin');
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.response.headers.getSetCookie().find((c) => c.startsWith('sw_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/backoffice\//);
    expect(cookie).not.toMatch(/Secure/);
    const home = await browser.get('/backoffice/');
    expect(home.status).toBe(200);
    expect(home.html.match(/<h1/g)).toHaveLength(1);
    expect(home.html).toContain('Übersicht');
    expect(home.response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('calls the gateway with the app key and the signed-in staff member', async () => {
    const browser = system.browser();
    await browser.signIn('admin');
    system.gateway.seen.length = 0;
    await browser.get('/backoffice/');
    expect(system.gateway.seen.map((r) => r.path)).toContain('/v1/invoices');
    for (const request of system.gateway.seen) {
      expect(request.headers.authorization).toBe('Bearer sw_test_app_key_0123456789abcdef');
      expect(request.headers['x-acting-staff']).toBe('admin');
    }
  });

  it('refuses a wrong password with one neutral message, the same as for an unknown name', async () => {
    const wrong = await system.browser().signIn('sachbearbeitung', 'falsches-passwort-123');
    const unknown = await system.browser().signIn('niemand', 'falsches-passwort-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /<span class="kern-title">([^<]*)<\/span>/.exec(html)?.[1];
    expect(message(wrong.html)).toContain('Anmeldung nicht möglich');
    expect(message(wrong.html)).toBe(message(unknown.html));
  });

  it('locks an account for 15 minutes after 5 wrong passwords, then lets the right one in again', async () => {
    // An account of its own, so locking it disturbs no other test.
    const accounts = `gesperrt-${randomBytes(3).toString('hex')}`;
    await staffAccounts(system.db, { maxFailures: 5, lockMs: 1 }).upsert({
      username: accounts,
      password: PASSWORD,
      role: 'sachbearbeitung',
    });
    for (let i = 0; i < 5; i++) expect((await system.browser().signIn(accounts, 'falsch-falsch-falsch')).status).toBe(401);
    expect((await system.browser().signIn(accounts)).status).toBe(401);
    system.clock.advance(15 * MINUTE + 1000);
    expect((await system.browser().signIn(accounts)).status).toBe(303);
  });

  it('refuses a sign-in form posted without its token', async () => {
    const browser = system.browser();
    await browser.get('/backoffice/anmelden');
    const posted = await browser.post('/backoffice/anmelden', { benutzername: 'admin', passwort: PASSWORD });
    expect(posted.status).toBe(403);
    expect(browser.jar.has('sw_session')).toBe(false);
  });
});

describe('sessions', () => {
  it('end after 30 minutes without use, and not before', async () => {
    const browser = system.browser();
    await browser.signIn('admin');
    system.clock.advance(29 * MINUTE);
    expect((await browser.get('/backoffice/')).status).toBe(200);
    system.clock.advance(29 * MINUTE);
    expect((await browser.get('/backoffice/')).status).toBe(200);
    system.clock.advance(31 * MINUTE);
    const idle = await browser.get('/backoffice/');
    expect(idle.status).toBe(303);
    expect(idle.location).toMatch(/^\/backoffice\/anmelden/);
  });

  it('end at sign-out, on the server', async () => {
    const browser = system.browser();
    await browser.signIn('admin');
    const session = browser.jar.get('sw_session') as string;
    const home = await browser.get('/backoffice/');
    const out = await browser.post('/backoffice/abmelden', { _csrf: hiddenField(home.html, '_csrf') });
    expect(out.status).toBe(303);
    browser.jar.set('sw_session', session);
    expect((await browser.get('/backoffice/')).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('refuses a POST without the session token, and one from another site with it; the session goes on', async () => {
    const browser = system.browser();
    await browser.signIn('admin');
    const home = await browser.get('/backoffice/');
    const csrf = hiddenField(home.html, '_csrf');
    const without = await browser.post('/backoffice/abmelden', {});
    expect(without.status).toBe(403);
    expect(without.html).toContain('Formular abgelaufen');
    const wrong = await browser.post('/backoffice/abmelden', { _csrf: `${csrf.slice(0, -1)}x` });
    expect(wrong.status).toBe(403);
    const crossSite = await browser.post(
      '/backoffice/abmelden',
      { _csrf: csrf },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    expect((await browser.get('/backoffice/')).status).toBe(200);
  });
});

describe('roles', () => {
  it('shows a German 403 page to a role the screen is not for, and no navigation entry', async () => {
    const clerk = system.browser();
    await clerk.signIn('sachbearbeitung');
    const refused = await clerk.get('/backoffice/rechnungen');
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('Kein Zugriff');
    expect((await clerk.get('/backoffice/')).html).not.toContain('href="/backoffice/rechnungen"');
    const accounting = system.browser();
    await accounting.signIn('rechnungswesen');
    expect((await accounting.get('/backoffice/rechnungen')).status).toBe(200);
    expect((await accounting.get('/backoffice/')).html).toContain('href="/backoffice/rechnungen"');
  });
});
