import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createApp, principalIfSigned, type RunningServer, startServer } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway } from '../src/app.ts';
import { apiKeys } from '../src/auth/api-keys.ts';
import { loadConfig } from '../src/config.ts';
import { createDb, type Db } from '../src/db.ts';
import { defaultEdgeSettings } from '../src/edge/edge.ts';
import { idempotencyStore } from '../src/idempotency/idempotency.ts';

/**
 * What the gateway adds in front of invoicing, against a stand-in for the invoicing service that answers with
 * bytes no text decoding survives: documents byte for byte, file names, who may do what, tenancy of the list.
 * Invoicing's own rules are tested in services/invoicing/test.
 */

/** A PDF's first bytes, a binary comment (bytes above 0x7F, invalid as UTF-8, as real PDFs have), random bytes. */
const pdf = Buffer.concat([
  Buffer.from('%PDF-1.7\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a]),
  randomBytes(96 * 1024),
  Buffer.from('\n%%EOF\n'),
]);
/** A byte-order mark, CRLF line ends and non-ASCII text: all of it must arrive as it was issued (its hash is on record). */
const xml = Buffer.from(
  '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Invoice><Note>Gebühr für Straßenbau – 340,00 €</Note></Invoice>\r\n',
);

interface Seen {
  method: string;
  url: string;
  principal: string | undefined;
  accept: string | null;
}

let db: Db;
let invoicing: RunningServer;
let gateway: RunningServer;
let seen: Seen[] = [];
const keys: Record<'staff' | 'oldenburg', string> = { staff: '', oldenburg: '' };
const invoiceId = randomUUID();
const SIGNING_SECRET = randomBytes(32).toString('base64url');

/** Stands in for invoicing's internal API: the routes the gateway forwards to, answering fixed bytes. */
function invoicingStandIn() {
  // Checks principals as every service does: only what the gateway signed counts.
  const app = createApp({ service: 'invoicing', logger: createLogger('invoicing', 'silent'), principalSecret: SIGNING_SECRET });
  app.use(async (c, next) => {
    const principal = principalIfSigned(c);
    seen.push({
      method: c.req.method,
      url: c.req.url.replace(/^https?:\/\/[^/]+/, ''),
      principal: principal?.kind === 'municipality' ? principal.municipalityId : principal?.actor,
      accept: c.req.header('accept') ?? null,
    });
    await next();
  });
  const document = (bytes: Buffer, type: string, name: string) => () =>
    new Response(new Uint8Array(bytes), {
      headers: {
        'content-type': type,
        'content-disposition': `attachment; filename="${name}"`,
        etag: `"${createHash('sha256').update(bytes).digest('hex')}"`,
        'cache-control': 'private, max-age=31536000, immutable',
        'x-internal': 'stays between gateway and service',
      },
    });
  app.get('/invoices/:id/pdf', document(pdf, 'application/pdf', 'RE-2027-00001.pdf'));
  app.get('/invoices/:id/xrechnung', document(xml, 'application/xml', 'RE-2027-00001.xml'));
  // No public POST answers with a file today; this one does, to show the idempotency layer keeps any answer's bytes.
  app.post('/invoices/:id/issue', document(pdf, 'application/pdf', 'RE-2027-00001.pdf'));
  app.get('/invoices', (c) => c.json({ items: [], nextCursor: null }));
  return app;
}

beforeAll(async () => {
  const url = await createTestDatabase('gateway_invoicing_edge');
  await migrate(url, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  db = createDb(url);
  invoicing = await startServer(invoicingStandIn(), 0);
  const unused = (name: string) => ({ name, baseUrl: 'http://127.0.0.1:9' });
  const store = apiKeys(db);
  keys.staff = (await store.create({ name: 'staff', role: 'back-office' })).key;
  keys.oldenburg = (await store.create({ name: 'oldenburg', role: 'partner', municipalityId: 'oldenburg' })).key;
  const app = createGateway({
    logger: createLogger('gateway', 'silent'),
    keys: store,
    idempotencyStore: idempotencyStore(db.pool, 24),
    upstreams: {
      catalogue: unused('catalogue'),
      registration: unused('registration'),
      invoicing: { name: 'invoicing', baseUrl: invoicing.url },
      notification: unused('notification'),
    },
    readiness: {},
    edge: { ...defaultEdgeSettings(loadConfig({})), principalSigningSecret: SIGNING_SECRET },
  });
  gateway = await startServer(app, 0);
});

afterAll(async () => {
  await gateway?.close();
  await invoicing?.close();
  await db?.$disconnect();
});

beforeEach(() => {
  seen = [];
});

function call(method: string, path: string, key: string | undefined, headers: Record<string, string> = {}) {
  return fetch(new URL(path, gateway.url), { method, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
}
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

describe('invoice documents through the gateway', () => {
  it('passes the PDF and the XRechnung through byte for byte, with their content type and file name', async () => {
    for (const [path, bytes, type, name] of [
      ['pdf', pdf, 'application/pdf', 'RE-2027-00001.pdf'],
      ['xrechnung', xml, 'application/xml', 'RE-2027-00001.xml'],
    ] as const) {
      for (const key of [keys.staff, keys.oldenburg]) {
        const response = await call('GET', `/v1/invoices/${invoiceId}/${path}`, key);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe(type);
        expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
        expect(response.headers.get('etag')).toBe(`"${createHash('sha256').update(bytes).digest('hex')}"`);
        // The document names people: personal data is never kept by a cache (route-policy.ts), the ETag stays.
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(response.headers.get('x-internal')).toBeNull();
        expect((await bytesOf(response)).equals(bytes)).toBe(true);
      }
    }
    // The service is asked for the document (or a problem), not for JSON; the caller's principal goes with it.
    expect(seen.map((s) => s.accept)).toEqual([
      'application/pdf, application/problem+json',
      'application/pdf, application/problem+json',
      'application/xml, application/problem+json',
      'application/xml, application/problem+json',
    ]);
    expect(seen[1]?.principal).toBe('oldenburg');
  });

  it('wants a key for the documents and a UUID for the invoice, and asks invoicing nothing otherwise', async () => {
    expect((await call('GET', `/v1/invoices/${invoiceId}/pdf`, undefined)).status).toBe(401);
    const notAnId = await call('GET', '/v1/invoices/RE-2027-00001/pdf', keys.staff);
    expect(notAnId.status).toBe(400);
    expect(notAnId.headers.get('content-type')).toContain('application/problem+json');
    expect(seen).toEqual([]);
  });

  it('replays a binary answer to a POST byte for byte under the same Idempotency-Key', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const first = await call('POST', `/v1/invoices/${invoiceId}/issue`, keys.staff, headers);
    expect((await bytesOf(first)).equals(pdf)).toBe(true);
    const replay = await call('POST', `/v1/invoices/${invoiceId}/issue`, keys.staff, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('content-type')).toBe('application/pdf');
    expect((await bytesOf(replay)).equals(pdf)).toBe(true);
    expect(seen).toHaveLength(1);
  });
});

describe('who may do what with invoices', () => {
  it('leaves issuing, runs, cancellations, payments and customers to the back office (403 for partners, nothing forwarded)', async () => {
    const json = { 'content-type': 'application/json' };
    const writes: [string, string, unknown][] = [
      ['POST', `/v1/invoices/${invoiceId}/issue`, undefined],
      ['POST', '/v1/invoice-runs', { upTo: '2027-02-28' }],
      ['POST', `/v1/invoices/${invoiceId}/cancel`, { reason: 'Falsche Anschrift' }],
      ['POST', `/v1/invoices/${invoiceId}/payments`, { amountCents: 100, paidOn: '2027-03-01' }],
      ['GET', '/v1/customers/oldenburg', undefined],
    ];
    for (const [method, path, body] of writes) {
      const response = await fetch(new URL(path, gateway.url), {
        method,
        headers: { authorization: `Bearer ${keys.oldenburg}`, 'idempotency-key': randomUUID(), ...(body ? json : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(seen).toEqual([]);
  });

  it("lists only a partner's own invoices, whatever municipality the query names", async () => {
    const response = await call('GET', '/v1/invoices?municipalityId=hannover&status=issued', keys.oldenburg);
    expect(response.status).toBe(200);
    const forwarded = new URL(seen[0]?.url ?? '', 'http://invoicing');
    expect(forwarded.searchParams.get('municipalityId')).toBe('oldenburg');
    expect(forwarded.searchParams.get('status')).toBe('issued');

    await call('GET', '/v1/invoices?municipalityId=hannover', keys.staff);
    expect(new URL(seen[1]?.url ?? '', 'http://invoicing').searchParams.get('municipalityId')).toBe('hannover');
  });
});
