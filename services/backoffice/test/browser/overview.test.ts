import { apiClient, startTestSystem, TEST_STAFF, type TestSystem } from '@seminarwerk/testing';
import { expectNoAxeViolations, launchBrowser, screenshot } from '@seminarwerk/testing/browser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let system: TestSystem;
let browser: Browser;

/** One published date and one draft, so the Übersicht has rows to show (and axe a table to check). */
async function scheduleDates(gatewayUrl: string, key: string) {
  const api = apiClient(gatewayUrl, key);
  const seminar = await api.post<{ id: string }>('/v1/seminars', {
    title: 'Professionelle Pressearbeit für Kommunen',
    topic: 'Presse- und Öffentlichkeitsarbeit',
    summary: 'Pressemitteilungen, Pressegespräche und Interviews.',
    audience: 'Pressestellen',
    lecturers: ['Pressesprecherin a. D.'],
    feeCents: 34_000,
    vat: 'exempt-4-22a',
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  });
  expect(seminar.status).toBe(201);
  const inDays = (days: number, hour: number) =>
    new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + days, hour));
  for (const [days, status] of [
    [30, 'published'],
    [60, 'draft'],
  ] as const) {
    const offering = await api.post(`/v1/seminars/${seminar.body.id}/offerings`, {
      startsAt: inDays(days, 8).toISOString(),
      endsAt: inDays(days, 15).toISOString(),
      format: 'onsite',
      venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
      capacity: 16,
      registrationDeadline: inDays(days - 14, 12)
        .toISOString()
        .slice(0, 10),
      status,
    });
    expect(offering.status).toBe(201);
  }
}

beforeAll(async () => {
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', backoffice: true });
  await scheduleDates(system.gatewayUrl, system.backOfficeKey);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('the back office in Chromium, through the gateway', () => {
  it.each(TEST_STAFF.map((s) => [s.role, s] as const))(
    '%s signs in and sees the Übersicht: accessible, skip link first',
    async (role, staff) => {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await page.goto(`${system.gatewayUrl}/backoffice/`);
      expect(new URL(page.url()).pathname).toBe('/backoffice/anmelden');
      if (role === 'sachbearbeitung') {
        await expectNoAxeViolations(page);
        await screenshot(page, 'backoffice-anmelden');
      }
      await page.getByLabel('Benutzername').fill(staff.username);
      await page.getByLabel('Passwort').fill(staff.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.waitForURL(`${system.gatewayUrl}/backoffice/`);

      expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Übersicht']);
      const sections = await page.getByRole('heading', { level: 2 }).allTextContents();
      if (role === 'sachbearbeitung') expect(sections).toEqual(['Nächste Termine']);
      if (role === 'rechnungswesen')
        expect(sections).toEqual(['Rechnungen zu stellen', 'Überfällige Rechnungen', 'Nicht zugestellte E-Mails']);
      if (role === 'admin') expect(sections).toContain('Nächste Termine');
      if (role !== 'rechnungswesen') {
        // The page shows what the API answered when it was loaded: ask again until the dates are there.
        await expect
          .poll(
            async () => {
              const shown = await page.getByRole('cell', { name: /Pressearbeit/ }).count();
              if (shown === 0) await page.reload();
              return shown;
            },
            { timeout: 30_000 },
          )
          .toBeGreaterThanOrEqual(1);
        expect(await page.getByText('Entwurf').count()).toBeGreaterThanOrEqual(1);
      }
      await expectNoAxeViolations(page);

      await page.keyboard.press('Tab');
      expect(await page.locator(':focus').textContent()).toBe('Zum Inhalt springen');
      await screenshot(page, `backoffice-uebersicht-${role}`);
      await context.close();
    },
  );
});
