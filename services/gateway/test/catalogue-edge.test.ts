import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { type ApiClient, type ApiResponse, apiClient, checkedFetch, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What the gateway adds in front of the catalogue: authentication, idempotency, path validation, forwarding and
 * the read cache. The catalogue's own rules are tested in services/catalogue/test.
 */

type Json = Record<string, any>;

let system: TestSystem;
let backOffice: ApiClient;
let partner: ApiClient;
let partnerKey: string;
/** No API key: the catalogue reads are public. */
let anyone: ApiClient;

const url = (path: string) => new URL(path, system.gatewayUrl);

const expectProblem = (response: ApiResponse<Json>, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, type: `https://seminarwerk.example/problems/${code}`, detail: expect.any(String) });
};

/** A published seminar with one published date in a city of its own. */
async function scheduleOffering() {
  const title = `Vergaberecht kompakt ${randomUUID().slice(0, 8)}`;
  const city = `Kantenstadt-${randomUUID().slice(0, 8)}`;
  const seminar = await backOffice.post<Json>('/v1/seminars', { title, topic: `Kante ${city}`, feeCents: 29000 });
  expect(seminar.status).toBe(201);
  const created = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
    capacity: 16,
    startsAt: '2030-02-12T09:00:00+01:00',
    endsAt: '2030-02-13T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', city },
    registrationDeadline: '2030-01-29',
  });
  expect(created.status).toBe(201);
  return { seminarId: seminar.body.id as string, offeringId: created.body.id as string, title, city, topic: `Kante ${city}` };
}

/** How long the gateway keeps a catalogue read (catalogueReadCache's default). */
const CACHE_PERIOD_MS = 250;

/**
 * Runs a round of requests whose last ones would get the first one's answer if the gateway kept it wrongly (after a
 * write, or for another caller). Only a round within the cache period proves anything (a slower one passes anyway),
 * so a slow round is repeated.
 */
async function withinOneCachePeriod(round: (attempt: number) => Promise<void>) {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const started = performance.now();
    await round(attempt);
    if (performance.now() - started < CACHE_PERIOD_MS) return;
  }
  throw new Error(`No round of read, write and read took less than ${CACHE_PERIOD_MS} ms: the check would prove nothing`);
}

/** A GET with a Host header of the caller's choosing (fetch does not let one set it). */
function feedWithHost(path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url(path), { headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // Only the catalogue behind the gateway; nothing here sends e-mail.
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', services: ['catalogue', 'gateway'] });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  anyone = apiClient(system.gatewayUrl);
  const created = await backOffice.post<Json>('/v1/api-keys', { name: 'oldenburg', role: 'partner', municipalityId: 'oldenburg' });
  expect(created.status).toBe(201);
  partnerKey = created.body.key;
  partner = apiClient(system.gatewayUrl, partnerKey);
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

describe('who may change the catalogue', () => {
  it('wants an API key for every back-office operation (401) and refuses partner keys (403), changing nothing', async () => {
    const { seminarId, offeringId, title } = await scheduleOffering();
    const writes: [string, string, unknown][] = [
      ['POST', '/v1/seminars', { title: 'Neu', topic: 'Vergabe', feeCents: 0 }],
      ['PATCH', `/v1/seminars/${seminarId}`, { title: 'Neu' }],
      ['POST', `/v1/seminars/${seminarId}/publish`, undefined],
      ['POST', `/v1/seminars/${seminarId}/cancel`, { reason: 'Entfällt' }],
      [
        'POST',
        `/v1/seminars/${seminarId}/offerings`,
        {
          capacity: 3,
          startsAt: '2030-03-12T09:00:00+01:00',
          endsAt: '2030-03-12T16:00:00+01:00',
          format: 'online',
          registrationDeadline: '2030-03-01',
        },
      ],
      ['PATCH', `/v1/offerings/${offeringId}`, { capacity: 3 }],
      ['POST', `/v1/offerings/${offeringId}/capacity`, { capacity: 20 }],
      ['POST', `/v1/offerings/${offeringId}/reschedule`, { startsAt: '2030-03-12T09:00:00+01:00', endsAt: '2030-03-12T16:00:00+01:00' }],
      ['POST', `/v1/offerings/${offeringId}/publish`, undefined],
      ['POST', `/v1/offerings/${offeringId}/cancel`, { reason: 'Raum nicht verfügbar' }],
    ];
    for (const [method, path, body] of writes) {
      const call = (client: ApiClient) => (method === 'POST' ? client.post<Json>(path, body) : client.patch<Json>(path, body));
      const withoutKey = await call(anyone);
      expectProblem(withoutKey, 401, 'missing-api-key');
      expect(withoutKey.headers.get('www-authenticate')).toBe('Bearer');
      expectProblem(await call(partner), 403, 'forbidden');
    }
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body).toMatchObject({ status: 'published', capacity: 16 });
    expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).body).toMatchObject({ title, status: 'published' });
  });

  it('refuses an unknown key with 401, also on a public read', async () => {
    const unknown = apiClient(system.gatewayUrl, 'sw_unknown_key');
    const read = await unknown.get<Json>('/v1/offerings');
    expectProblem(read, 401, 'invalid-api-key');
    expect(read.headers.get('www-authenticate')).toBe('Bearer');
    expectProblem(await unknown.post('/v1/seminars', { title: 'Neu', topic: 'Vergabe', feeCents: 0 }), 401, 'invalid-api-key');
  });
});

describe('idempotent catalogue writes', () => {
  it('wants an Idempotency-Key on every POST (400), and none on a PATCH', async () => {
    const { offeringId } = await scheduleOffering();
    const withoutKey = await backOffice.post<Json>(`/v1/offerings/${offeringId}/capacity`, { capacity: 20 }, { 'idempotency-key': '' });
    expectProblem(withoutKey, 400, 'idempotency-key-required');
    expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.capacity).toBe(16);
    expect((await backOffice.patch<Json>(`/v1/offerings/${offeringId}`, { capacity: 20 })).status).toBe(200);
  });

  it('replays a repeated POST with the same Idempotency-Key without doing it twice, and refuses the key for another body', async () => {
    const key = randomUUID();
    const title = `Einmalig ${randomUUID().slice(0, 8)}`;
    const body = { title, topic: `Einmalig ${key}`, feeCents: 0 };
    const first = await backOffice.post<Json>('/v1/seminars', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const again = await backOffice.post<Json>('/v1/seminars', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const listed = await anyone.get<Json>(`/v1/seminars?topic=${encodeURIComponent(body.topic)}`);
    expect(listed.body.items.map((s: Json) => s.id)).toEqual([first.body.id]);

    const other = await backOffice.post<Json>('/v1/seminars', { ...body, feeCents: 100 }, { 'idempotency-key': key });
    expectProblem(other, 422, 'idempotency-key-reused');
  });
});

describe('forwarding to the catalogue', () => {
  it("passes path and query on, and who is asking: the back office sees drafts, anyone else gets the catalogue's 403", async () => {
    const { offeringId, seminarId, city } = await scheduleOffering();
    expect((await anyone.get<Json>(`/v1/offerings?city=${city}&format=onsite`)).body.items.map((o: Json) => o.id)).toEqual([offeringId]);
    expect((await anyone.get<Json>(`/v1/offerings?city=${city}&format=online`)).body.items).toEqual([]);

    const draft = await backOffice.post<Json>(`/v1/seminars/${seminarId}/offerings`, {
      capacity: 3,
      startsAt: '2030-03-12T09:00:00+01:00',
      endsAt: '2030-03-12T16:00:00+01:00',
      venue: { name: 'Saal 2', city },
      registrationDeadline: '2030-03-01',
      status: 'draft',
    });
    expect(draft.status).toBe(201);
    const drafts = `/v1/offerings?city=${city}&status=draft`;
    expect((await backOffice.get<Json>(drafts)).body.items.map((o: Json) => o.id)).toEqual([draft.body.id]);
    for (const client of [partner, anyone]) {
      const refused = await client.get<Json>(drafts);
      expectProblem(refused, 403, 'forbidden');
      expect(refused.body.detail).toContain('back office');
    }
  });

  it("passes the catalogue's problems through unchanged", async () => {
    const { offeringId } = await scheduleOffering();
    // The kept deadline (29 Jan) would be after the new start: only the catalogue knows the deadline.
    const overtaken = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, {
      startsAt: '2030-01-15T09:00:00+01:00',
      endsAt: '2030-01-15T16:00:00+01:00',
    });
    expectProblem(overtaken, 400, 'validation-failed');
    expect(overtaken.body.errors).toEqual([expect.objectContaining({ field: 'registrationDeadline' })]);
    const past = await backOffice.post<Json>(`/v1/offerings/${offeringId}/reschedule`, {
      startsAt: '2020-03-12T09:00:00+01:00',
      endsAt: '2020-03-12T16:00:00+01:00',
      registrationDeadline: '2020-03-01',
    });
    expectProblem(past, 422, 'offering-in-the-past');
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'startsAt' })]);
    expect((await backOffice.post(`/v1/offerings/${offeringId}/cancel`, { reason: 'Entfällt' })).status).toBe(200);
    expectProblem(
      await backOffice.post(`/v1/offerings/${offeringId}/cancel`, { reason: 'noch einmal' }),
      409,
      'offering-already-cancelled',
    );
    expectProblem(await backOffice.post(`/v1/offerings/${randomUUID()}/capacity`, { capacity: 3 }), 404, 'offering-not-found');
  });

  it('answers 400 for a path id that is not a UUID', async () => {
    expectProblem(await anyone.get('/v1/offerings/not-a-uuid'), 400, 'validation-failed');
    expectProblem(await anyone.get('/v1/seminars/not-a-uuid'), 400, 'validation-failed');
    for (const operation of ['capacity', 'reschedule', 'cancel', 'publish']) {
      expectProblem(await backOffice.post(`/v1/offerings/not-a-uuid/${operation}`, {}), 400, 'validation-failed');
    }
    expectProblem(await backOffice.patch('/v1/offerings/not-a-uuid', { capacity: 3 }), 400, 'validation-failed');
  });

  it('links the offerings in the calendar feed to its public base URL, whatever Host the request names', async () => {
    const { offeringId, topic } = await scheduleOffering();
    const feed = await feedWithHost(`/v1/offerings.ics?topic=${encodeURIComponent(topic)}`, 'evil.example');
    // startSystem configures PUBLIC_BASE_URL as the gateway's address.
    expect(feed.replace(/\r\n /g, '')).toContain(`URL:${new URL(system.gatewayUrl).origin}/v1/offerings/${offeringId}`);
    expect(feed).not.toContain('evil.example');
  });
});

describe('caching catalogue reads', () => {
  it('sends a strong ETag, Vary and a short public max-age, and answers 304 to a matching If-None-Match', async () => {
    const { seminarId, offeringId, topic } = await scheduleOffering();
    const paths = [
      `/v1/seminars/${seminarId}`,
      `/v1/seminars?topic=${encodeURIComponent(topic)}`,
      `/v1/offerings/${offeringId}`,
      `/v1/offerings.ics?topic=${encodeURIComponent(topic)}`,
    ];
    for (const path of paths) {
      const first = await checkedFetch(url(path));
      expect(first.status, path).toBe(200);
      const etag = first.headers.get('etag') as string;
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      expect(first.headers.get('cache-control')).toBe('public, max-age=5');
      expect(first.headers.get('vary')).toContain('Authorization');
      // The same answer with a partner key: the same ETag.
      expect((await checkedFetch(url(path), { headers: { authorization: `Bearer ${partnerKey}` } })).headers.get('etag')).toBe(etag);

      const notModified = await checkedFetch(url(path), { headers: { 'if-none-match': etag } });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe('');
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(notModified.headers.get('cache-control')).toBe('public, max-age=5');
      // Weak comparison, and a list of tags.
      expect((await checkedFetch(url(path), { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
      expect((await checkedFetch(url(path), { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);
    }
  });

  it("keeps the back office's answers private: a draft it read is never handed to anyone else", async () => {
    const draft = await backOffice.post<Json>('/v1/seminars', { title: 'Entwurf', topic: 'Vergabe', feeCents: 0, status: 'draft' });
    await withinOneCachePeriod(async () => {
      const seen = await backOffice.get<Json>(`/v1/seminars/${draft.body.id}`);
      expect(seen.status).toBe(200);
      expect(seen.headers.get('cache-control')).toBe('private, max-age=5');
      expect(seen.headers.get('vary')).toContain('Authorization');
      expectProblem(await anyone.get<Json>(`/v1/seminars/${draft.body.id}`), 404, 'seminar-not-found');
      expectProblem(await partner.get<Json>(`/v1/seminars/${draft.body.id}`), 404, 'seminar-not-found');
    });
  });

  it('does not cache errors or writes', async () => {
    const missing = await anyone.get<Json>(`/v1/offerings/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    expect(missing.headers.get('cache-control')).toBeNull();
    const created = await backOffice.post<Json>('/v1/seminars', { title: 'Ohne Termine', topic: 'anderes', feeCents: 0 });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBeNull();
  });

  it('serves every write at once: a successful write forgets the cached reads, and the ETag changes', async () => {
    const { seminarId, offeringId } = await scheduleOffering();
    const seminar = await partner.get<Json>(`/v1/seminars/${seminarId}`);
    const offering = await partner.get<Json>(`/v1/offerings/${offeringId}`);

    await withinOneCachePeriod(async (attempt) => {
      expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).status).toBe(200);
      const title = `Kommunalrecht ${attempt} ${randomUUID().slice(0, 8)}`;
      expect((await backOffice.patch(`/v1/seminars/${seminarId}`, { title })).status).toBe(200);
      expect((await partner.get<Json>(`/v1/seminars/${seminarId}`)).body.title).toBe(title);
    });
    await withinOneCachePeriod(async (attempt) => {
      expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).status).toBe(200);
      expect((await backOffice.patch(`/v1/offerings/${offeringId}`, { capacity: 20 + attempt })).status).toBe(200);
      expect((await partner.get<Json>(`/v1/offerings/${offeringId}`)).body.capacity).toBe(20 + attempt);
    });

    for (const [path, before] of [
      [`/v1/seminars/${seminarId}`, seminar],
      [`/v1/offerings/${offeringId}`, offering],
    ] as const) {
      const etag = before.headers.get('etag') as string;
      const now = await checkedFetch(url(path), { headers: { 'if-none-match': etag } });
      expect(now.status, path).toBe(200);
      expect(now.headers.get('etag')).not.toBe(etag);
    }
  });
});
