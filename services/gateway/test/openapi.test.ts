import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
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
import { holdsPersonalData } from '../src/edge/route-policy.ts';
import { idempotencyStore } from '../src/idempotency/idempotency.ts';
import { OPENAPI_PATH } from '../src/routes/docs.ts';

interface MediaType {
  example?: unknown;
  schema?: { format?: string };
}
interface Response {
  description: string;
  headers?: Record<string, { $ref?: string; required?: boolean }>;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, Response>;
}
interface Document {
  openapi: string;
  tags?: { name: string; description?: string }[];
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
    idempotencyStore: idempotencyStore(db.pool, 24),
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
      'GET /v1/customers',
      'GET /v1/customers/{customerId}',
      'GET /v1/invoice-positions',
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

/** Redocly's recommended rules, as a generated client's author would run them. */
async function redoclyLint(
  doc: Document,
): Promise<{ totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string }[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'seminarwerk-openapi-'));
  try {
    await writeFile(join(dir, 'openapi.json'), JSON.stringify(doc));
    await writeFile(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');
    const run = promisify(execFile)(process.execPath, [cli, 'lint', 'openapi.json', '--config=redocly.yaml', '--format=json'], {
      cwd: dir,
      // No telemetry and no update check: the test runs offline.
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
    // Errors make the CLI exit non-zero; the report is on stdout either way.
    const { stdout } = await run.catch((failed: { stdout?: string }) => ({ stdout: failed.stdout ?? '' }));
    return JSON.parse(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document, for a generated client', () => {
  let app: OpenAPIHono;
  let doc: Document;
  let operations: Map<string, Operation>;

  beforeAll(async () => {
    app = gateway();
    doc = await documentOf(app);
    operations = documentedOperations(doc);
  });

  it("passes Redocly's recommended rules without an error", async () => {
    const report = await redoclyLint(doc);
    const errors = report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 60_000);

  it('names every operation with a unique operationId and one of the declared tags', () => {
    const declared = new Set(doc.tags?.map((t) => t.name));
    const ids = [...operations.values()].map((op) => op.operationId);
    expect(ids.filter((id) => !id)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...operations].filter(([, op]) => !op.tags?.length || !op.tags.every((t) => declared.has(t))).map(([name]) => name)).toEqual(
      [],
    );
  });

  it("documents on every operation what the edge may answer, with the edge's headers on every answer", () => {
    const missing = [...operations].flatMap(([name, op]) => {
      const responses = op.responses ?? {};
      const post = name.startsWith('POST ');
      const forwarded = !name.includes('/v1/api-keys');
      const statuses = ['401', '403', '413', '429', '500', ...(post ? ['409', '422'] : []), ...(forwarded ? ['503'] : [])];
      const headers = (status: string) => [
        'x-request-id',
        'ratelimit',
        'ratelimit-policy',
        ...(post && status < '500' && status !== '429' ? ['idempotent-replayed'] : []),
        ...(status === '429' ? ['retry-after'] : []),
      ];
      return [
        ...statuses.filter((status) => !responses[status]?.content?.[PROBLEM_CONTENT_TYPE]).map((status) => `${name}: ${status}`),
        ...Object.entries(responses).flatMap(([status, response]) =>
          headers(status)
            .filter((header) => !response.headers?.[header])
            .map((header) => `${name} ${status}: ${header}`),
        ),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('requires Retry-After on the 503 of the operations an offering queue may refuse, and names `offering-busy`', () => {
    for (const name of ['POST /v1/registrations', 'POST /v1/registration-batches']) {
      const op = operations.get(name);
      expect(op?.responses?.['503']?.content?.[PROBLEM_CONTENT_TYPE], name).toBeDefined();
      expect(op?.responses?.['503']?.headers?.['retry-after']?.required, name).toBe(true);
      expect(op?.description, name).toContain('`offering-busy`');
    }
  });

  it('documents ETag and 304 on the cached catalogue reads, and no-store on every answer with personal data', () => {
    for (const [name, op] of operations) {
      const cached = name.startsWith('GET ') && /^GET \/v1\/(seminars|offerings)/.test(name);
      if (cached) {
        expect(op.responses?.['304'], name).toBeDefined();
        expect(op.responses?.['200']?.headers?.etag?.required, name).toBe(true);
      }
      const personal = holdsPersonalData(name.split(' ')[1] ?? '');
      if (personal) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          expect(response.headers?.['cache-control'], `${name} ${status}`).toBeDefined();
        }
      }
    }
  });
});
