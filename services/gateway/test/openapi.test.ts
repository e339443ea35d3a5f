import { fileURLToPath } from 'node:url';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { compileErrors, validate } from '@readme/openapi-parser';
import { PROBLEM_CONTENT_TYPE } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway } from '../src/app.ts';
import { apiKeys } from '../src/auth/api-keys.ts';
import { createDb, type Db } from '../src/db.ts';
import { idempotencyStore } from '../src/idempotency/idempotency.ts';
import { OPENAPI_PATH } from '../src/routes/docs.ts';

interface MediaType {
  example?: unknown;
  schema?: { format?: string };
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
interface Document {
  openapi: string;
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
/** The catalogue is public to read: its GETs need no API key. */
const isPublicCatalogueRead = (method: string, path: string) => method === 'get' && /^\/v1\/(seminars|offerings)([/.]|$)/.test(path);

let db: Db;

function gateway(): OpenAPIHono {
  const upstream = (name: string) => ({ name, baseUrl: `http://127.0.0.1:9/${name}` });
  return createGateway({
    logger: createLogger('gateway', 'silent'),
    keys: apiKeys(db),
    idempotencyStore: idempotencyStore(db, 24),
    upstreams: {
      catalogue: upstream('catalogue'),
      registration: upstream('registration'),
      invoicing: upstream('invoicing'),
      notification: upstream('notification'),
    },
    readiness: {},
  });
}

async function documentOf(app: OpenAPIHono): Promise<Document> {
  const response = await app.request(OPENAPI_PATH);
  expect(response.status).toBe(200);
  return (await response.json()) as Document;
}

/** `METHOD /v1/path/{param}` of every handler the app serves under /v1/, without middleware (ALL) and the document itself. */
function servedOperations(app: OpenAPIHono): Set<string> {
  const served = new Set<string>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL' || !path.startsWith('/v1/') || path === OPENAPI_PATH) continue;
    served.add(`${method.toUpperCase()} ${path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
  }
  return served;
}

function documentedOperations(doc: Document): Map<string, Operation> {
  const documented = new Map<string, Operation>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (METHODS.has(method)) documented.set(`${method.toUpperCase()} ${path}`, operation);
    }
  }
  return documented;
}

/** What differs between the routes the app serves and the operations its document describes. */
function undocumented(app: OpenAPIHono, doc: Document): { undocumented: string[]; notServed: string[] } {
  const served = servedOperations(app);
  const documented = documentedOperations(doc);
  return {
    undocumented: [...served].filter((op) => !documented.has(op)).sort(),
    notServed: [...documented.keys()].filter((op) => !served.has(op)).sort(),
  };
}

beforeAll(async () => {
  const url = await createTestDatabase('gateway_openapi');
  await migrate(url, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  db = createDb(url);
});

afterAll(async () => {
  await db?.$disconnect();
});

describe('the OpenAPI document', () => {
  let app: OpenAPIHono;
  let doc: Document;
  let operations: Map<string, Operation>;

  beforeAll(async () => {
    app = gateway();
    doc = await documentOf(app);
    operations = documentedOperations(doc);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    // validate() dereferences in place; keep the original for the other checks.
    const result = await validate(structuredClone(doc) as Parameters<typeof validate>[0]);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('documents every route served under /v1/, and serves every documented operation', () => {
    expect(operations.size).toBeGreaterThan(0);
    expect(undocumented(app, doc)).toEqual({ undocumented: [], notServed: [] });
  });

  it('documents an application/problem+json error answer (4xx or 5xx) for every operation', () => {
    const without = [...operations]
      .filter(([, op]) => !Object.entries(op.responses ?? {}).some(([s, r]) => /^[45]/.test(s) && r.content?.[PROBLEM_CONTENT_TYPE]))
      .map(([name]) => name);
    expect(without).toEqual([]);
  });

  it('declares the idempotency-key header on every POST', () => {
    const without = [...operations]
      .filter(([name]) => name.startsWith('POST '))
      .filter(([, op]) => !op.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'))
      .map(([name]) => name);
    expect(without).toEqual([]);
  });

  it('describes every invoice and customer operation with a summary, a description and an example of each JSON body', () => {
    const invoicing = [...operations].filter(([, op]) => op.tags?.includes('Invoices'));
    expect(invoicing.map(([name]) => name).sort()).toEqual([
      'GET /v1/customers/{customerId}',
      'GET /v1/invoices',
      'GET /v1/invoices/{invoiceId}',
      'GET /v1/invoices/{invoiceId}/pdf',
      'GET /v1/invoices/{invoiceId}/xrechnung',
      'POST /v1/invoice-runs',
      'POST /v1/invoices/{invoiceId}/cancel',
      'POST /v1/invoices/{invoiceId}/issue',
      'POST /v1/invoices/{invoiceId}/payments',
      'PUT /v1/customers/{customerId}',
    ]);
    const missing = invoicing.flatMap(([name, op]) => {
      const bodies = [
        ['request', op.requestBody?.content?.['application/json']],
        ...Object.entries(op.responses ?? {}).map(([status, r]) => [status, r.content?.['application/json']] as const),
      ] as const;
      return [
        ...(op.summary ? [] : [`${name}: summary`]),
        ...(op.description ? [] : [`${name}: description`]),
        ...bodies.filter(([, media]) => media && media.example === undefined).map(([which]) => `${name}: example of ${which}`),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('documents the invoice documents as binary files of their media type', () => {
    for (const [document, type] of [
      ['xrechnung', 'application/xml'],
      ['pdf', 'application/pdf'],
    ]) {
      const ok = operations.get(`GET /v1/invoices/{invoiceId}/${document}`)?.responses?.['200']?.content;
      expect(Object.keys(ok ?? {})).toEqual([type]);
      expect(ok?.[type as string]?.schema?.format).toBe('binary');
    }
  });

  it('requires the apiKey security scheme everywhere except the public catalogue reads', () => {
    const without = [...operations]
      .filter(([name]) => {
        const [method = '', path = ''] = name.split(' ');
        return !isPublicCatalogueRead(method.toLowerCase(), path);
      })
      .filter(([, op]) => !op.security?.some((requirement) => 'apiKey' in requirement))
      .map(([name]) => name);
    expect(without).toEqual([]);
  });
});

describe('the route check', () => {
  it('fails for an undocumented route', async () => {
    const app = gateway();
    app.get('/v1/x', (c) => c.json({}));
    app.post('/v1/x/:xId', (c) => c.json({}));
    expect(undocumented(app, await documentOf(app))).toEqual({ undocumented: ['GET /v1/x', 'POST /v1/x/{xId}'], notServed: [] });
  });
});
