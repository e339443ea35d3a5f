import type { OpenAPIHono } from '@hono/zod-openapi';

export const OPENAPI_PATH = '/v1/openapi.json';

/** OpenAPI 3.1 document and an interactive reference (Scalar, loaded by the reader's browser). */
export function docsRoutes(app: OpenAPIHono) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: partner keys belong to one municipality, back-office keys to staff.',
  });
  app.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Seminarwerk API',
      version: '1.0.0',
      description:
        'Seminar registration for partner municipalities and the back office. Every error is application/problem+json (RFC 9457). Every POST needs an Idempotency-Key header.',
    },
  });
  app.get('/docs', (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seminarwerk API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><script id="api-reference" data-url="${OPENAPI_PATH}"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script></body></html>`),
  );
}
