import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { etagOf, noneMatch } from '../caching.ts';
import { registerEdgeHeaders } from './edge-answers.ts';
import { TAGS } from './openapi.ts';

export const OPENAPI_PATH = '/v1/openapi.json';

/** Swagger UI from the pinned npm package (swagger-ui-dist in package.json): served by the gateway, no CDN. */
const require = createRequire(import.meta.url);
const swaggerUi = dirname(require.resolve('swagger-ui-dist/package.json'));
const version = (require('swagger-ui-dist/package.json') as { version: string }).version;
/** The version is in the path, so browsers may keep the files for good; a new version is a new URL. */
export const DOCS_ASSETS = `/docs/assets/${version}`;

/** Starts Swagger UI on our document. A file, not an inline script, so the page's CSP allows no inline script at all. */
const initScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
  });
});
`;

const assets: Record<string, { file?: string; text?: string; type: string }> = {
  'swagger-ui.css': { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  'swagger-ui-bundle.js': { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  'favicon-32x32.png': { file: 'favicon-32x32.png', type: 'image/png' },
  'init.js': { text: initScript, type: 'text/javascript; charset=utf-8' },
};

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seminarwerk API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${DOCS_ASSETS}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_ASSETS}/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="${DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="${DOCS_ASSETS}/init.js"></script></body></html>`;

/** Read on first use and kept: a few megabytes for the process's lifetime, instead of a disk read per request. */
const loaded = new Map<string, { body: Uint8Array<ArrayBuffer>; etag: string }>();
function asset(name: string) {
  const spec = assets[name];
  if (!spec) return undefined;
  let kept = loaded.get(name);
  if (!kept) {
    const body = new Uint8Array(spec.file ? readFileSync(join(swaggerUi, spec.file)) : Buffer.from(spec.text ?? '', 'utf8'));
    kept = { body, etag: etagOf(body) };
    loaded.set(name, kept);
  }
  return { ...kept, type: spec.type };
}

/** OpenAPI 3.1 document and an interactive reference that works without the internet. */
export function docsRoutes(app: OpenAPIHono, publicBaseUrl?: string) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: partner keys belong to one municipality, back-office keys to staff.',
  });
  registerEdgeHeaders(app);
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Seminarwerk API',
      version: '1.0.0',
      description:
        'Seminar registration for partner municipalities and the back office. Every error is application/problem+json (RFC 9457). ' +
        'Every POST needs an Idempotency-Key header. Every answer also carries `X-Content-Type-Options: nosniff`, ' +
        '`Referrer-Policy: no-referrer`, a `Content-Security-Policy` and, over https, `Strict-Transport-Security`.',
    },
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    ...(publicBaseUrl ? { servers: [{ url: publicBaseUrl }] } : {}),
  });
  app.get('/docs', (c) => c.html(page));
  app.get(`${DOCS_ASSETS}/:name`, (c) => {
    const found = asset(c.req.param('name'));
    if (!found) return c.notFound();
    const headers = { 'content-type': found.type, 'cache-control': 'public, max-age=31536000, immutable', etag: found.etag };
    return noneMatch(c.req.header('if-none-match'), found.etag) ? c.body(null, 304, headers) : c.body(found.body, 200, headers);
  });
}
