import {
  type ApiClient,
  apiClient,
  registerWhenOpen,
  type SmtpTestServer,
  startSmtpServer,
  startTestSystem,
  TEST_STAFF,
  type TestSystem,
} from '@seminarwerk/testing';
import { expectNoAxeViolations, launchBrowser, screenshot } from '@seminarwerk/testing/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Partnerzugänge and E-Mails in Chromium, and the app's role, sign-in and CSRF checks, against one whole system. */
const MUNICIPALITY = { id: 'wiesmoor', name: 'Stadt Wiesmoor' };

let smtp: SmtpTestServer;
let system: TestSystem;
let browser: Browser;
let backOffice: ApiClient;

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url, backoffice: true });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const customer = await backOffice.put(`/v1/customers/${MUNICIPALITY.id}`, {
    name: MUNICIPALITY.name,
    invoiceEmail: 'rechnung@wiesmoor.example',
    leitwegId: null,
    billingAddress: { street: 'Hauptstraße 1', postalCode: '26639', city: 'Wiesmoor', country: 'DE' },
  });
  expect(customer.status).toBe(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await smtp?.close();
});

async function signedIn(role: (typeof TEST_STAFF)[number]['role']): Promise<Page> {
  const staff = TEST_STAFF.find((s) => s.role === role) as (typeof TEST_STAFF)[number];
  const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
  await page.goto(`${system.gatewayUrl}/backoffice/anmelden`);
  await page.getByLabel('Benutzername').fill(staff.username);
  await page.getByLabel('Passwort').fill(staff.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${system.gatewayUrl}/backoffice/`);
  return page;
}

/** The paths in the page's main navigation. */
const navigation = (page: Page) =>
  page
    .getByRole('navigation', { name: 'Hauptnavigation' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => new URL((a as unknown as { href: string }).href).pathname));

const statusWith = (key: string) =>
  apiClient(system.gatewayUrl, key)
    .get('/v1/registrations?limit=1')
    .then((r) => r.status);

/** Submits the page's form with `button` and answers the key the page then shows (once), checking it is not kept. */
async function keyShownAfter(page: Page, button: string): Promise<string> {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/backoffice/partnerzugaenge/')),
    page.getByRole('button', { name: button }).click(),
  ]);
  expect(answer.status()).toBe(201);
  expect(answer.headers()['cache-control']).toBe('no-store');
  await expect.poll(() => page.getByText('Der Schlüssel wird nur jetzt angezeigt.').count()).toBe(1);
  const key = await page.getByLabel('API-Schlüssel').inputValue();
  expect(key).toMatch(/^sw_live_/);
  expect(page.url()).not.toContain(key);
  await expectNoAxeViolations(page);
  return key;
}

describe('Partnerzugänge (admin)', () => {
  it('creates a key shown once, rotates it at once (the old one refused) and revokes it', async () => {
    const page = await signedIn('admin');
    await page.getByRole('link', { name: 'Partnerzugänge' }).click();
    await page.getByRole('link', { name: 'Neuen Zugang anlegen' }).click();
    await page.getByRole('button', { name: 'Zugang anlegen' }).click();
    expect(await page.getByText('Bitte wählen Sie die Kommune.').count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByLabel('Kommune').selectOption(MUNICIPALITY.id);
    await page.getByLabel('Name des Zugangs').fill('Personalsoftware Wiesmoor');
    await page.getByLabel('Anmeldungen lesen').check();
    const first = await keyShownAfter(page, 'Zugang anlegen');
    expect(await statusWith(first)).toBe(200);

    await page.getByRole('link', { name: 'Zurück zu den Partnerzugängen' }).click();
    expect(await page.getByRole('cell', { name: 'Anmeldungen lesen' }).count()).toBe(1);
    expect(await page.content()).not.toContain(first);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-partnerzugaenge');

    await page.getByRole('button', { name: 'Erneuern: Personalsoftware Wiesmoor' }).click();
    await page.getByLabel('Sofort ungültig').check();
    await expectNoAxeViolations(page);
    const second = await keyShownAfter(page, 'Neuen Schlüssel erzeugen');
    expect(await page.getByText('ist ab sofort ungültig').count()).toBe(1);
    await expect.poll(() => statusWith(first)).toBe(401);
    expect(await statusWith(second)).toBe(200);

    await page.getByRole('link', { name: 'Zurück zu den Partnerzugängen' }).click();
    await page.getByRole('button', { name: 'Widerrufen: Personalsoftware Wiesmoor' }).click();
    expect(await page.getByText('Der Schlüssel wird sofort ungültig').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Jetzt widerrufen' }).click();
    await page.waitForURL(/\/backoffice\/partnerzugaenge\?kommune=wiesmoor$/);
    expect(await page.getByRole('status').textContent()).toContain('ist widerrufen');
    await expect.poll(() => statusWith(second)).toBe(401);
    await page.context().close();
  });

  it('is closed to other roles, to signed-out browsers and to forms without the CSRF token', async () => {
    const signedOut = await (await browser.newContext()).newPage();
    await signedOut.goto(`${system.gatewayUrl}/backoffice/partnerzugaenge`);
    expect(new URL(signedOut.url()).pathname).toBe('/backoffice/anmelden');
    await signedOut.context().close();

    // Every screen in the admin's navigation but not in Sachbearbeitung's (Partnerzugänge, Rechnungen, …) answers 403.
    const admin = await signedIn('admin');
    const clerk = await signedIn('sachbearbeitung');
    const [adminNav, clerkNav] = await Promise.all([navigation(admin), navigation(clerk)]);
    const closed = adminNav.filter((path) => !clerkNav.includes(path));
    expect(closed).toContain('/backoffice/partnerzugaenge');
    for (const path of closed) {
      const answer = await clerk.goto(`${system.gatewayUrl}${path}`);
      expect(answer?.status(), path).toBe(403);
      expect(await clerk.getByRole('heading', { level: 1 }).textContent()).toBe('Kein Zugriff');
    }
    await expectNoAxeViolations(clerk);
    await clerk.context().close();

    // The admin's own session cookie and the right origin, only the token missing: refused, and no key made.
    const forged = await admin.request.post(`${system.gatewayUrl}/backoffice/partnerzugaenge/neu`, {
      form: { kommune: MUNICIPALITY.id, name: 'Ohne Token' },
      headers: { origin: new URL(system.gatewayUrl).origin },
    });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain('Das Formular konnte nicht angenommen werden.');
    const keys = await backOffice.get<{ items: { name: string }[] }>(`/v1/api-keys?municipalityId=${MUNICIPALITY.id}`);
    expect(keys.body.items.map((k) => k.name)).not.toContain('Ohne Token');
    await admin.context().close();
  });
});

/** A published date, and one registration whose confirmation the mail server refuses for good. */
async function refusedConfirmation() {
  const seminar = await backOffice.post<{ id: string }>('/v1/seminars', {
    title: 'Datenschutz im Personalwesen',
    topic: 'Datenschutz',
    summary: 'Was Personalstellen über die DSGVO wissen müssen.',
    audience: 'Personalstellen',
    lecturers: ['Datenschutzbeauftragter'],
    feeCents: 29_000,
    vat: 'exempt-4-22a',
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  });
  const day = (days: number, hour: number) =>
    new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days, hour));
  const offering = await backOffice.post<{ id: string }>(`/v1/seminars/${seminar.body.id}/offerings`, {
    startsAt: day(40, 8).toISOString(),
    endsAt: day(40, 15).toISOString(),
    format: 'onsite',
    venue: { name: 'Rathaus', city: 'Wiesmoor' },
    capacity: 12,
    registrationDeadline: day(30, 12).toISOString().slice(0, 10),
    status: 'published',
  });
  expect(offering.status).toBe(201);
  smtp.refuseNext(1);
  const email = 'jana.post@wiesmoor.example';
  const registration = await registerWhenOpen<{ id: string }>(backOffice, {
    offeringId: offering.body.id,
    participant: { firstName: 'Jana', lastName: 'Post', email },
    municipalityId: MUNICIPALITY.id,
  });
  expect(registration.status).toBe(201);
  await expect
    .poll(
      async () =>
        (await backOffice.get<{ items: unknown[] }>(`/v1/notifications/deliveries?status=failed&registrationId=${registration.body.id}`))
          .body.items.length,
      {
        timeout: 30_000,
      },
    )
    .toBe(1);
  return { email };
}

describe('E-Mails', () => {
  it('resends a refused e-mail, confirmed first, and shows the new delivery', async () => {
    const { email } = await refusedConfirmation();
    const page = await signedIn('rechnungswesen');
    await page.getByRole('navigation').getByRole('link', { name: 'E-Mails' }).click();
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Filtern' }).click();
    const resend = page.getByRole('button', { name: /^Erneut senden: / });
    expect(await resend.count()).toBe(1);
    expect(await page.getByRole('cell', { name: 'j…@wiesmoor.example' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-emails');

    await resend.click();
    expect(await page.getByText(`Die E-Mail geht noch einmal an ${email}`).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Erneut senden' }).click();
    await page.waitForURL(`${system.gatewayUrl}/backoffice/emails`);
    expect(await page.getByRole('status').textContent()).toContain('wird erneut gesendet');

    await smtp.waitForMessages((m) => m.to.includes(email), { timeoutMs: 30_000 });
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole('row').filter({ hasText: 'erneut gesendet' }).filter({ hasText: 'zugestellt' }).count();
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await page.getByRole('row').filter({ hasText: 'nicht zustellbar' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.context().close();
  });
});
