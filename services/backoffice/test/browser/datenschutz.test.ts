import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  type ApiClient,
  apiClient,
  registerWhenOpen,
  type SmtpTestServer,
  scheduleSeminarDate,
  startSmtpServer,
  startTestSystem,
  TEST_STAFF,
  type TestSystem,
} from '@seminarwerk/testing';
import { expectNoAxeViolations, launchBrowser, screenshot } from '@seminarwerk/testing/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Datenschutz in Chromium against one whole system, as Sachbearbeitung answers a participant's request: an access
 * export downloaded, an erasure by e-mail address confirmed by every service, and "Daten löschen" from a Termin.
 */
let smtp: SmtpTestServer;
let system: TestSystem;
let browser: Browser;
let backOffice: ApiClient;
let page: Page;
let offeringId: string;

const staff = TEST_STAFF.find((s) => s.role === 'sachbearbeitung');

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url, backoffice: true });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const customer = await backOffice.put('/v1/customers/leer', {
    name: 'Stadt Leer (Ostfriesland)',
    invoiceEmail: 'rechnung@leer.example',
    billingAddress: { street: 'Rathausstraße 1', postalCode: '26789', city: 'Leer', country: 'DE' },
  });
  expect(customer.status).toBe(200);
  offeringId = await scheduleSeminarDate(backOffice, {
    title: 'Datenschutz im Bürgerbüro',
    topic: 'Recht',
    feeCents: 21_000,
    capacity: 10,
    startsAt: '2027-05-11T09:00:00+02:00',
    endsAt: '2027-05-11T16:00:00+02:00',
    venue: { name: 'Rathaus', city: 'Leer' },
    registrationDeadline: '2027-05-01',
  });
  browser = await launchBrowser();
  page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
  await page.goto(`${system.gatewayUrl}/backoffice/anmelden`);
  await page.getByLabel('Benutzername').fill(staff?.username ?? '');
  await page.getByLabel('Passwort').fill(staff?.password ?? '');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${system.gatewayUrl}/backoffice/`);
});
afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await smtp?.close();
});

/** A person registered for the date by the municipality, whose confirmation mail has gone out. */
async function registered(firstName: string) {
  const lastName = `Test${randomUUID().slice(0, 6)}`;
  const participant = { firstName, lastName, email: `${firstName}.${lastName}@leer.example`.toLowerCase() };
  const registration = await registerWhenOpen<{ id: string }>(backOffice, { offeringId, participant, municipalityId: 'leer' });
  expect(registration.status).toBe(201);
  await smtp.waitForMessages((m) => m.to.includes(participant.email), { timeoutMs: 30_000 });
  return { ...participant, name: `${firstName} ${lastName}`, registrationId: registration.body.id };
}

const openDatenschutz = async () => {
  await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Datenschutz' }).click();
  await page.waitForURL(`${system.gatewayUrl}/backoffice/datenschutz`);
};
const region = (name: string) => page.getByRole('region', { name });

/** Reloads the request's page until `text` is on it: the status is read from the gateway on each load. */
const reloadUntil = (text: string) =>
  expect
    .poll(
      async () => {
        const shown = await page.getByText(text).count();
        if (shown === 0) await page.reload();
        return shown;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(1);

describe('Datenschutz in Chromium', () => {
  it('starts an access export of a person and downloads it', { timeout: 120_000 }, async () => {
    const anna = await registered('Anna');
    await openDatenschutz();
    await expectNoAxeViolations(page);
    await region('Auskunft (Art. 15 DSGVO)').getByLabel('E-Mail-Adresse der Person').fill(anna.email.toUpperCase());
    await page.getByRole('button', { name: 'Auskunft starten' }).click();
    await page.waitForURL(/\/backoffice\/datenschutz\/auskunft\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('status').first().textContent()).toContain('Die Auskunft ist gestartet.');

    await reloadUntil('Auskunft herunterladen (JSON)');
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-datenschutz-auskunft');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Auskunft herunterladen (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^auskunft-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.json$/);
    const exported = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    expect(exported.coverPage.language).toBe('de');
    expect(JSON.stringify(exported.services.registration)).toContain(anna.registrationId);

    // The list shows the request and who started it, never whom it is about.
    await openDatenschutz();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: /^Auskunft vom / }) });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('bereit');
    expect(await page.content()).not.toContain(anna.email);
  });

  it('erases a person by e-mail address after a confirmation, and every service confirms', { timeout: 120_000 }, async () => {
    const berta = await registered('Berta');
    await openDatenschutz();
    const erasure = region('Löschung (Art. 17 DSGVO)');
    await erasure.getByRole('button', { name: 'Weiter zur Bestätigung' }).click();
    // Nothing entered: the error summary has the focus and leads to the field.
    expect(await page.locator(':focus').textContent()).toContain('Bitte geben Sie die E-Mail-Adresse der Person an');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: /Bitte geben Sie die E-Mail-Adresse/ }).click();
    await page.locator(':focus').fill(berta.email);
    await page.getByRole('button', { name: 'Weiter zur Bestätigung' }).click();

    expect(await page.getByText(`Daten von ${berta.email} endgültig löschen?`).count()).toBe(1);
    expect(await page.getByText('Aufbewahrungsfrist von 8 Jahren').count()).toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-datenschutz-loeschung-bestaetigen');
    await page.getByRole('button', { name: 'Endgültig löschen' }).click();
    await page.waitForURL(/\/backoffice\/datenschutz\/loeschung\/[0-9a-f-]{36}$/);

    await reloadUntil('Alle Dienste haben die Löschung bestätigt.');
    const services = page.getByRole('region', { name: 'Bestätigung der Dienste' }).locator('.kern-description-list-item');
    const lines = (await services.allTextContents()).map((line) => line.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'Anmeldungengelöscht',
      'E-Mails und Benachrichtigungengelöscht',
      'Rechnungswesengelöscht',
      'Seminarprogrammgelöscht',
      'Schnittstelle (gespeicherte Auskünfte)gelöscht',
    ]);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-datenschutz-loeschung');
  });

  it('erases one registration from a Termin’s participant list, naming the person first; the list then names nobody', {
    timeout: 120_000,
  }, async () => {
    const carla = await registered('Carla');
    const termin = `${system.gatewayUrl}/backoffice/termine/${offeringId}`;
    await page.goto(termin);
    await page.getByRole('button', { name: `Daten löschen von ${carla.name}` }).click();
    expect(await page.getByText(`Daten von ${carla.name} (${carla.email}`).count()).toBe(1);
    expect(await page.getByText('aus dieser Anmeldung gelöscht').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Abbrechen' }).click();
    await page.waitForURL(termin);

    await page.getByRole('button', { name: `Daten löschen von ${carla.name}` }).click();
    await page.getByRole('button', { name: 'Endgültig löschen' }).click();
    await page.waitForURL(/\/backoffice\/datenschutz\/loeschung\/[0-9a-f-]{36}$/);
    await reloadUntil('Alle Dienste haben die Löschung bestätigt.');
    await page.goto(termin);
    expect(await page.getByRole('cell', { name: 'Daten gelöscht' }).count()).toBeGreaterThanOrEqual(1);
    expect(await page.content()).not.toContain(carla.email);
    await expectNoAxeViolations(page);
  });
});
