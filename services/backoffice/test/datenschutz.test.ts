import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backofficeUnderTest, hiddenField } from './support.ts';

/**
 * Datenschutz over HTTP, against a gateway stand-in that answers the privacy routes as their contract says (the whole
 * system in Chromium: browser/datenschutz.test.ts). What the back office keeps, and what it must not.
 */
const ANNA = 'anna.meyer@oldenburg.example';
const NOBODY = 'niemand@oldenburg.example';
const nothingToErase = new Set<string>();
const REGISTRATION = randomUUID();
const OFFERING = randomUUID();
const started: { path: string; body: Record<string, unknown>; key: string | undefined }[] = [];
const progress = (services: readonly string[]) => Object.fromEntries(services.map((s) => [s, 'completed']));

function privacyRoutes(gateway: Hono) {
  const accepted = (path: string) => async (c: Context) => {
    const body = await c.req.json();
    started.push({ path, body, key: c.req.header('idempotency-key') });
    const id = randomUUID();
    if (body.email === NOBODY) nothingToErase.add(id);
    return c.json({ id, status: 'pending' }, 202);
  };
  gateway.post('/v1/privacy/access-requests', accepted('access'));
  gateway.post('/v1/privacy/erasures', accepted('erasure'));
  const status = (services: readonly string[]) => (c: Context) =>
    c.json({
      id: c.req.param('id'),
      status: 'completed',
      services: progress(services),
      requestedAt: '2027-03-01T08:00:00.000Z',
      completedAt: '2027-03-01T08:00:05.000Z',
    });
  gateway.get('/v1/privacy/access-requests/:id', status(['registration', 'notification', 'invoicing']));
  gateway.get('/v1/privacy/access-requests/:id/export', (c) => c.json({ subject: { email: ANNA }, services: {} }));
  const erasureStatus = status(['registration', 'notification', 'invoicing', 'catalogue', 'gateway']);
  gateway.get('/v1/privacy/erasures/:id', (c) => {
    if (!nothingToErase.has(c.req.param('id'))) return erasureStatus(c);
    const failure = {
      type: 'https://seminarwerk.example/problems/subject-not-found',
      title: 'Not Found',
      detail: 'No registration has this address',
    };
    return c.json({ id: c.req.param('id'), status: 'failed', services: {}, failure, requestedAt: '2027-03-01T08:00:00.000Z' });
  });
  gateway.get(`/v1/registrations/${REGISTRATION}`, (c) =>
    c.json({
      id: REGISTRATION,
      offeringId: OFFERING,
      status: 'confirmed',
      participant: { firstName: 'Anna', lastName: 'Meyer', email: ANNA },
      municipalityId: 'oldenburg',
      createdAt: '2027-02-01T08:00:00.000Z',
    }),
  );
}

let system: Awaited<ReturnType<typeof backofficeUnderTest>>;
beforeAll(async () => {
  system = await backofficeUnderTest({ gatewayRoutes: privacyRoutes });
});
afterAll(() => system?.close());

const idOf = (location: string | null) => location?.split('/').pop() ?? '';

describe('Datenschutz', () => {
  it('refuses an address that is none, with an error summary linked to the field, and starts nothing', async () => {
    const browser = system.browser();
    await browser.signIn('sachbearbeitung');
    const page = await browser.get('/backoffice/datenschutz');
    const refused = await browser.post('/backoffice/datenschutz/auskunft', {
      _csrf: hiddenField(page.html, '_csrf'),
      _idempotency: hiddenField(page.html, '_idempotency'),
      email: 'keine-adresse',
    });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('href="#feld-auskunft-email"');
    expect(refused.html).toContain('aria-invalid="true"');
    expect(refused.html).toContain('value="keine-adresse"');
    expect(started).toHaveLength(0);
  });

  it('starts an access export, remembers it without the address, and hands out the export as a file', async () => {
    const browser = system.browser();
    await browser.signIn('sachbearbeitung');
    const page = await browser.get('/backoffice/datenschutz');
    const form = { _csrf: hiddenField(page.html, '_csrf'), _idempotency: randomUUID(), email: ` ${ANNA} ` };
    const answer = await browser.post('/backoffice/datenschutz/auskunft', form);
    expect(answer.status).toBe(303);
    expect(started.at(-1)).toEqual({ path: 'access', body: { email: ANNA }, key: form._idempotency });
    const id = idOf(answer.location);

    const status = await browser.get(answer.location as string);
    expect(status.html).toContain('Die Auskunft ist gestartet.');
    expect(status.html).toContain('Auskunft herunterladen (JSON)');
    expect(status.response.headers.get('cache-control')).toBe('no-store');

    const file = await browser.get(`/backoffice/datenschutz/auskunft/${id}/export`);
    expect(file.response.headers.get('content-disposition')).toMatch(/^attachment; filename="auskunft-.*\.json"$/);
    expect(file.response.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(file.html).subject.email).toBe(ANNA);

    const rows = await system.db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM privacy_requests WHERE id = ${id}::uuid`;
    expect(rows).toEqual([{ id, kind: 'access', started_by: expect.any(String), started_at: expect.any(Date) }]);
    const list = await browser.get('/backoffice/datenschutz');
    expect(list.html).toContain(`/backoffice/datenschutz/auskunft/${id}`);
    expect(list.html).not.toContain(ANNA);
  });

  it('asks before an erasure by address, names the 8 years of invoices, and starts it only when confirmed', async () => {
    const browser = system.browser();
    await browser.signIn('admin');
    const page = await browser.get('/backoffice/datenschutz');
    const asked = await browser.post('/backoffice/datenschutz/loeschung', {
      _csrf: hiddenField(page.html, '_csrf'),
      _idempotency: randomUUID(),
      email: ANNA,
    });
    expect(asked.status).toBe(200);
    expect(asked.html).toContain(`Daten von ${ANNA} endgültig löschen?`);
    expect(asked.html).toContain('8 Jahren');
    const before = started.length;
    expect(started).toHaveLength(before);

    const confirmed = await browser.post('/backoffice/datenschutz/loeschung', {
      _csrf: hiddenField(asked.html, '_csrf'),
      _idempotency: hiddenField(asked.html, '_idempotency'),
      _bestaetigt: hiddenField(asked.html, '_bestaetigt'),
      email: hiddenField(asked.html, 'email'),
    });
    expect(confirmed.status).toBe(303);
    expect(started.at(-1)).toMatchObject({ path: 'erasure', body: { email: ANNA } });
    const status = await browser.get(confirmed.location as string);
    expect(status.html).toContain('Alle Dienste haben die Löschung bestätigt.');
    for (const label of ['Anmeldungen', 'E-Mails und Benachrichtigungen', 'Rechnungswesen', 'Seminarprogramm', 'Schnittstelle']) {
      expect(status.html).toContain(label);
    }
  });

  it('erases one registration from the participant list: names the person, and goes back to the Termin on Abbrechen', async () => {
    const browser = system.browser();
    await browser.signIn('sachbearbeitung');
    const page = await browser.get('/backoffice/datenschutz');
    const asked = await browser.post('/backoffice/datenschutz/loeschung', {
      _csrf: hiddenField(page.html, '_csrf'),
      registrationId: REGISTRATION,
    });
    expect(asked.html).toContain('Daten von Anna Meyer');
    expect(asked.html).toContain(`href="/backoffice/termine/${OFFERING}"`);
    const confirmed = await browser.post('/backoffice/datenschutz/loeschung', {
      _csrf: hiddenField(asked.html, '_csrf'),
      _idempotency: hiddenField(asked.html, '_idempotency'),
      _bestaetigt: 'ja',
      registrationId: REGISTRATION,
    });
    expect(confirmed.status).toBe(303);
    expect(started.at(-1)).toMatchObject({ path: 'erasure', body: { registrationId: REGISTRATION } });
  });

  it('says so when an erasure found nothing to erase', async () => {
    const browser = system.browser();
    await browser.signIn('admin');
    const page = await browser.get('/backoffice/datenschutz');
    const confirmed = await browser.post('/backoffice/datenschutz/loeschung', {
      _csrf: hiddenField(page.html, '_csrf'),
      _idempotency: randomUUID(),
      _bestaetigt: 'ja',
      email: NOBODY,
    });
    const status = await browser.get(confirmed.location as string);
    expect(status.html).toContain('Die Löschung wurde nicht ausgeführt: Es gab nichts zu löschen.');
    expect(status.html).toContain('No registration has this address');
    expect((await browser.get('/backoffice/datenschutz')).html).toContain('nicht ausgeführt');
  });

  it('is closed to Rechnungswesen', async () => {
    const browser = system.browser();
    await browser.signIn('rechnungswesen');
    expect((await browser.get('/backoffice/datenschutz')).status).toBe(403);
  });
});
