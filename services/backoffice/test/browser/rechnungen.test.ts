import {
  type ApiClient,
  apiClient,
  eventually,
  registerWhenOpen,
  startTestSystem,
  TEST_STAFF,
  type TestSystem,
} from '@seminarwerk/testing';
import { expectNoAxeViolations, launchBrowser, screenshot } from '@seminarwerk/testing/browser';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Rechnungswesen in Chromium, through the gateway, with the XRechnung validator: Oldenburg is a customer without a
 * Leitweg-ID and two of its people are booked on a date today. The Leitweg-ID is entered on Kunden (checked as it is
 * typed), then an invoice run is previewed and issued, one invoice is downloaded and paid, the other cancelled.
 * The cases run in order: each works with what the one before left.
 */

const OLDENBURG = 'Stadt Oldenburg (Oldb)';
const LEITWEG_ID = '03403000-57';
const FEE_CENTS = 123_450;

let system: TestSystem;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** The Berlin day of the booked date: the invoice run bills dates that start on or before its day. */
let serviceDay: string;

const berlinDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at);

/** A date today (its day has begun, as a run up to today counts it), with two participants from Oldenburg. */
async function bookTwoToday(backOffice: ApiClient) {
  const key = await backOffice.post<{ key: string }>('/v1/api-keys', { name: 'oldenburg', role: 'partner', municipalityId: 'oldenburg' });
  expect(key.status).toBe(201);
  const oldenburg = apiClient(system.gatewayUrl, key.body.key);
  const seminar = await backOffice.post<{ id: string }>('/v1/seminars', {
    title: 'Haushaltsrecht kompakt',
    topic: 'Finanzen',
    summary: 'Doppik, Haushaltsplan, Jahresabschluss.',
    audience: 'Kämmereien',
    lecturers: ['Kämmerin a. D.'],
    feeCents: FEE_CENTS,
    vat: 'exempt-4-22a',
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  });
  expect(seminar.status).toBe(201);
  // Minutes from now, but never before 03:00 Berlin, so the deadline (that day, counted from 00:00 UTC) is not after it.
  const soon = new Date(Date.now() + 5 * 60_000);
  serviceDay = berlinDay(soon);
  const startsAt = new Date(Math.max(soon.getTime(), Date.parse(`${serviceDay}T03:00:00+01:00`)));
  const offering = await backOffice.post<{ id: string }>(`/v1/seminars/${seminar.body.id}/offerings`, {
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    format: 'onsite',
    venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
    capacity: 10,
    registrationDeadline: serviceDay,
    status: 'published',
  });
  expect(offering.status).toBe(201);
  for (const [firstName, lastName] of [
    ['Anna', 'Meyer'],
    ['Bert', 'Schulz'],
  ] as const) {
    const booked = await registerWhenOpen(oldenburg, {
      offeringId: offering.body.id,
      participant: { firstName, lastName, email: `${firstName.toLowerCase()}@oldenburg.example` },
    });
    expect(booked.body).toMatchObject({ status: 'confirmed' });
  }
  await eventually(async () => {
    const positions = await backOffice.get<{ items: unknown[] }>('/v1/invoice-positions?municipalityId=oldenburg');
    expect(positions.body.items).toHaveLength(2);
  });
}

async function signIn(p: Page, role: string) {
  const staff = TEST_STAFF.find((s) => s.role === role)!;
  await p.goto(`${system.gatewayUrl}/backoffice/anmelden`);
  await p.getByLabel('Benutzername').fill(staff.username);
  await p.getByLabel('Passwort').fill(staff.password);
  await p.getByRole('button', { name: 'Anmelden' }).click();
  await p.waitForURL(`${system.gatewayUrl}/backoffice/`);
}

const h1 = (p: Page) => p.getByRole('heading', { level: 1 });
/** What an action did, as the page says it after the redirect (ui/page.tsx). */
const outcome = (p: Page) => p.locator('.kern-alert--success');
/** Text as people read it: euro amounts come with a no-break space before the sign. */
const textOf = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\u00a0/g, ' ');

beforeAll(async () => {
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', backoffice: true });
  const backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const customer = await backOffice.put('/v1/customers/oldenburg', {
    name: OLDENBURG,
    invoiceEmail: 'rechnungseingang@oldenburg.example',
    leitwegId: null,
    billingAddress: { department: 'Fachdienst Personal', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)' },
    billing: 'per-registration',
    paymentTermsDays: 30,
    supplierNumber: 'K-100423',
  });
  expect(customer.status).toBe(200);
  await bookTwoToday(backOffice);
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'de-DE' });
  page = await context.newPage();
  await signIn(page, 'rechnungswesen');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

describe('Rechnungswesen in the back office', () => {
  it('Kunden: the Leitweg-ID is checked as it is typed and by the server, and saved when right', async () => {
    await page.goto(`${system.gatewayUrl}/backoffice/kunden?leitweg=fehlt`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: OLDENBURG }).click();
    expect(await h1(page).textContent()).toBe(OLDENBURG);

    const field = page.getByLabel('Leitweg-ID');
    await field.fill('03403000-58');
    const message = page.locator('#feld-leitwegId-pruefung');
    await expect.poll(() => message.textContent()).toContain('Die Prüfziffern');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.getAttribute('aria-describedby')).toContain('feld-leitwegId-pruefung');
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-kunden');

    // The server refuses it too, and says so at the field.
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.locator('.kern-alert--danger').count()).toBe(1);
    expect(await page.locator('#feld-leitwegId-pruefung').textContent()).toContain('Die Prüfziffern');

    await page.getByLabel('Leitweg-ID').fill(LEITWEG_ID);
    await expect.poll(() => page.locator('#feld-leitwegId-pruefung').textContent()).toBe('');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.waitForURL(`${system.gatewayUrl}/backoffice/kunden`);
    await expect.poll(() => outcome(page).textContent()).toContain(`${OLDENBURG} gespeichert.`);
    expect(await page.getByRole('cell', { name: LEITWEG_ID }).count()).toBe(1);
  });

  it('Rechnungen: a dry run shows the totals, the run issues after the confirmation, and says what it did', async () => {
    await page.goto(`${system.gatewayUrl}/backoffice/rechnungen`);
    expect(await page.getByRole('cell', { name: 'Anna Meyer' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-rechnungen');

    await page.getByLabel('Termine bis einschließlich').fill(serviceDay);
    await page.getByRole('combobox', { name: 'Kommune' }).first().selectOption({ label: OLDENBURG });
    await page.getByRole('button', { name: 'Vorschau berechnen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vorschau des Rechnungslaufs' }).waitFor();
    const facts = await textOf(page.locator('.kern-description-list').first());
    expect(facts).toContain('Rechnungen, die ausgestellt würden2');
    expect(facts).toContain('2.469,00 €');
    expect(await textOf(page.getByRole('row', { name: /Oldenburg/ }))).toBe(`${OLDENBURG}222.469,00 €`);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Rechnungen jetzt ausstellen' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('2 Rechnungen jetzt endgültig ausstellen?');
    expect(await page.getByRole('alert').textContent()).toContain('nicht rückgängig');
    await page.getByRole('button', { name: 'Ja, Rechnungen ausstellen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ergebnis des Rechnungslaufs' }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('status').textContent()).toMatch(/2 Rechnungen ausgestellt, 0 angehalten\..*Nummern: RE-\d{4}-\d{5}, RE-/);
    expect(await page.getByRole('link', { name: /^RE-\d{4}-\d{5}$/ }).count()).toBe(2);
  });

  it('Rechnung: downloads PDF and XRechnung, records a payment in German notation, and cancels the other with a Stornorechnung', async () => {
    const numbers = await page.getByRole('link', { name: /^RE-\d{4}-\d{5}$/ }).allTextContents();
    await page.getByRole('link', { name: numbers[0] }).click();
    expect(await h1(page).textContent()).toBe(`Rechnung ${numbers[0]}`);
    expect(await page.locator('.kern-description-list').first().textContent()).toContain(LEITWEG_ID);
    expect(await page.getByText('gültig', { exact: true }).count()).toBe(1);
    await expectNoAxeViolations(page);

    for (const [label, type] of [
      ['PDF herunterladen', 'application/pdf'],
      ['XRechnung (XML) herunterladen', 'application/xml'],
    ] as const) {
      const href = await page.getByRole('link', { name: label }).getAttribute('href');
      const response = await context.request.get(`${system.gatewayUrl}${href}`);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain(type);
      expect(response.headers()['cache-control']).toBe('no-store');
      expect(response.headers()['content-disposition']).toContain(numbers[0]);
      const body = await response.body();
      if (type === 'application/pdf') expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      else expect(body.toString('utf8')).toContain(LEITWEG_ID);
    }

    await page.getByLabel('Betrag in Euro').fill('1.234,50');
    await page.getByLabel('Verwendungszweck / Referenz').fill('Kassenzeichen 2027-4711');
    await page.getByRole('button', { name: 'Zahlung erfassen' }).click();
    expect(await textOf(page.getByRole('alert'))).toContain('Zahlung über 1.234,50 €');
    await page.getByRole('button', { name: 'Ja, Zahlung erfassen' }).click();
    await expect.poll(() => outcome(page).textContent()).toContain('Die Rechnung ist bezahlt.');
    expect(await page.locator('.kern-badge', { hasText: 'bezahlt' }).count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('cell', { name: 'Kassenzeichen 2027-4711' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-rechnung');

    await page.goto(`${system.gatewayUrl}/backoffice/rechnungen/liste?kommune=oldenburg&status=issued`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: numbers[1] }).click();
    await page.getByLabel('Grund der Stornierung').fill('Teilnahme doppelt gebucht');
    await page.getByRole('button', { name: 'Rechnung stornieren' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Stornorechnung mit eigener Nummer');
    await page.getByRole('button', { name: 'Ja, Stornorechnung ausstellen' }).click();
    await expect.poll(() => outcome(page).textContent()).toMatch(/storniert\. Stornorechnung ST-\d{4}-\d{5} ausgestellt\./);
    expect(await page.locator('.kern-badge', { hasText: 'storniert' }).count()).toBe(1);
  });

  it('is not open to Sachbearbeitung (403 page)', async () => {
    const other = await browser.newContext({ locale: 'de-DE' });
    const p = await other.newPage();
    await signIn(p, 'sachbearbeitung');
    const response = await p.goto(`${system.gatewayUrl}/backoffice/rechnungen`);
    expect([response?.status(), await h1(p).textContent()]).toEqual([403, 'Kein Zugriff']);
    await other.close();
  });
});
