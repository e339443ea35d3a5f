import { apiClient, registerWhenOpen, startTestSystem, TEST_STAFF, type TestSystem } from '@seminarwerk/testing';
import { expectNoAxeViolations, launchBrowser, screenshot } from '@seminarwerk/testing/browser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinTimeOf } from '../../src/ui/berlin-time.ts';
import { isoDay } from '../../src/ui/format.ts';

let system: TestSystem;
let browser: Browser;
let page: Page;
let partnerKey: string;

const staff = TEST_STAFF.find((s) => s.role === 'sachbearbeitung');

beforeAll(async () => {
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', backoffice: true });
  const backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const customer = await backOffice.put('/v1/customers/oldenburg', {
    name: 'Stadt Oldenburg (Oldb)',
    invoiceEmail: 'rechnungseingang@oldenburg.example',
    billingAddress: { street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)', country: 'DE' },
  });
  expect(customer.status).toBe(200);
  const key = await backOffice.post<{ key: string }>('/v1/api-keys', { name: 'Oldenburg Personalamt', municipalityId: 'oldenburg' });
  expect(key.status).toBe(201);
  partnerKey = key.body.key;
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
});

const outcome = () => page.getByRole('status').first().textContent();
const rowsOf = (caption: string) => page.getByRole('table', { name: caption }).locator('tbody tr');

/**
 * One story, as Sachbearbeitung works: a seminar and a date made in the browser, three people booked by a
 * municipality's system, one cancelled with the fee shown first, attendance, and the lists to take along. The date
 * starts later today, so attendance can be recorded (from the start day on) and a cancellation now is late.
 */
describe('Programm and Termin in Chromium', () => {
  let offeringId = '';
  const startsAt = new Date(Date.now() + 30 * 60_000);
  const startsToday = isoDay(startsAt) === isoDay(new Date());

  it('creates a seminar and a date of two seats as drafts, and publishes both', async () => {
    await page.getByRole('link', { name: 'Programm' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Neues Seminar anlegen' }).click();
    await page.getByLabel('Titel').fill('Haushaltsrecht für Einsteiger');
    await page.getByLabel('Thema', { exact: true }).fill('Haushalt und Finanzen');
    await page.getByLabel('Gebühr je Person in Euro').fill('340,00');
    await page.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
    expect(await outcome()).toContain('als Entwurf angelegt');
    expect(await page.getByText('Entwurf', { exact: true }).count()).toBeGreaterThanOrEqual(1);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Seminar veröffentlichen' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    expect(await outcome()).toContain('Das Seminar ist veröffentlicht');

    await page.getByRole('link', { name: 'Termin hinzufügen' }).click();
    await page.getByLabel('Beginn').fill(berlinTimeOf(startsAt.toISOString()));
    await page.getByLabel('Ende').fill(berlinTimeOf(new Date(startsAt.getTime() + 3 * 3600_000).toISOString()));
    await page.getByLabel('Anmeldeschluss').fill(isoDay(new Date()));
    await page.getByLabel('Veranstaltungsort').fill('Seminarzentrum');
    await page.getByLabel('Ort', { exact: true }).fill('Oldenburg');
    await page.getByLabel('Plätze').fill('2');
    await page.getByRole('button', { name: 'Termin anlegen' }).click();
    expect(await outcome()).toContain('als Entwurf angelegt');
    offeringId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByRole('button', { name: 'Termin veröffentlichen' }).click();
    await page.getByRole('button', { name: 'Ja, veröffentlichen' }).click();
    expect(await outcome()).toContain('veröffentlicht und zur Anmeldung offen');

    await page.getByRole('link', { name: 'Zurück zum Seminar' }).click();
    expect(await rowsOf('Termine von „Haushaltsrecht für Einsteiger“ mit Belegung').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.goto(`${system.gatewayUrl}/backoffice/programm?q=Haushaltsrecht`);
    expect(await rowsOf('Veröffentlichte Seminare').count()).toBe(1);
    await screenshot(page, 'backoffice-programm');
  });

  it('shows the partner’s three bookings: two confirmed, one waiting, in order', async () => {
    const partner = apiClient(system.gatewayUrl, partnerKey);
    for (const [firstName, lastName] of [
      ['Anna', 'Meyer'],
      ['Ben', 'Schulz'],
      ['Carla', 'Yıldız'],
    ] as const) {
      const booked = await registerWhenOpen(partner, {
        offeringId,
        participant: { firstName, lastName, email: `${firstName.toLowerCase()}@oldenburg.example` },
      });
      expect(booked.status).toBe(201);
    }
    await page.goto(`${system.gatewayUrl}/backoffice/termine/${offeringId}`);
    await expect
      .poll(async () => {
        await page.reload();
        return [await rowsOf('Angemeldete Teilnehmende').count(), await rowsOf('Warteliste in der Reihenfolge des Nachrückens').count()];
      })
      .toEqual([2, 1]);
    expect(await rowsOf('Angemeldete Teilnehmende').first().textContent()).toContain('Stadt Oldenburg (Oldb)');
    expect(await rowsOf('Warteliste in der Reihenfolge des Nachrückens').first().textContent()).toMatch(/^1Carla Yıldız/);
    await expectNoAxeViolations(page);
    await screenshot(page, 'backoffice-termin');
  });

  it('cancels Anna after showing the fee, and Carla moves up', async () => {
    await page.getByRole('button', { name: 'Abmelden Anna Meyer' }).click();
    const preview = await page.getByRole('alert').textContent();
    expect(preview).toContain('Soll Anna Meyer abgemeldet werden?');
    expect(preview).toContain('späte Abmeldung');
    expect(preview).toMatch(/50 % der Gebühr: 170,00\s€/);
    expect(preview).toContain('Von der Warteliste rückt nach: Carla Yıldız');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, abmelden' }).click();
    expect(await outcome()).toContain('Anna Meyer ist abgemeldet');
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('table', { name: 'Angemeldete Teilnehmende' }).textContent();
      })
      .toContain('Carla Yıldız');
    expect(await page.getByText('Niemand auf der Warteliste.').count()).toBe(1);
  });

  it('records attendance on the start day: Ben came, Carla did not', async () => {
    if (!startsToday) {
      // Run in the half hour before midnight: the date starts tomorrow, and the page says when attendance opens.
      expect(await page.getByText('Die Anwesenheit kann ab dem').count()).toBe(1);
      return;
    }
    await page.getByLabel('Carla Yıldız (Stadt Oldenburg (Oldb))').uncheck();
    await page.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Nicht erschienen: Carla Yıldız');
    await page.getByRole('button', { name: 'Ja, speichern' }).click();
    expect(await outcome()).toContain('1 anwesend, 1 nicht erschienen');
    const confirmed = page.getByRole('table', { name: 'Angemeldete Teilnehmende' });
    expect(await confirmed.getByText('anwesend', { exact: true }).count()).toBe(1);
    expect(await confirmed.getByText('nicht erschienen', { exact: true }).count()).toBe(1);
  });

  it('downloads the participant list as CSV for German Excel and the sign-in sheet as PDF', async () => {
    const csv = await page.request.get(`${system.gatewayUrl}/backoffice/termine/${offeringId}/teilnehmende.csv`);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="teilnehmende-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.headers()['cache-control']).toBe('no-store');
    const text = (await csv.body()).toString('utf8');
    expect(text.startsWith('\uFEFFNachname;Vorname;E-Mail;Kommune;Status;Wartelistenplatz;Anwesend\r\n')).toBe(true);
    expect(text).toContain('Yıldız;Carla;carla@oldenburg.example;Stadt Oldenburg (Oldb);angemeldet;');
    expect(text).not.toContain('Meyer');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Unterschriftenliste (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^unterschriftenliste-\d{4}-\d{2}-\d{2}\.pdf$/);
    const pdf = await page.request.get(`${system.gatewayUrl}/backoffice/termine/${offeringId}/unterschriftenliste.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['cache-control']).toBe('no-store');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
