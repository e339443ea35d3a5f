import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db.ts';
import { bearer, edgeGateway, edgeSettings, gatewayDatabase, NO_LIMITS } from './edge-gateway.ts';

/**
 * Answers the fuzz suite (test/fuzz.test.ts) found outside the document, each checked against it here (edgeGateway's
 * app checks every answer): a POST to no route, and a body over the limit.
 */

let db: Db;
let app: OpenAPIHono;
let fullKey: string;
let readOnlyKey: string;

beforeAll(async () => {
  ({ db } = await gatewayDatabase('gateway_unknown_routes'));
  const gateway = edgeGateway(db, edgeSettings(NO_LIMITS));
  app = gateway.app;
  fullKey = (await gateway.keys.create({ name: 'staff', role: 'back-office' })).key;
  readOnlyKey = (
    await gateway.keys.create({ name: 'reader', role: 'partner', municipalityId: 'oldenburg', scopes: ['registrations:read'] })
  ).key;
});

afterAll(async () => {
  await db?.$disconnect();
});

describe('a request to no route', () => {
  // `/v1/invoices/%2e%2e/issue` is `/v1/issue` once the URL is normalised.
  it.each([
    ['without a key', () => ({})],
    ['with a key restricted to scopes', () => bearer(readOnlyKey)],
    ['with a key and an Idempotency-Key', () => bearer(fullKey, { 'idempotency-key': 'a' })],
    ['with a key and no Idempotency-Key', () => bearer(fullKey)],
  ])('is answered 404 route-not-found %s', async (_, init) => {
    const answer = await app.request('/v1/issue', { method: 'POST', ...init() });
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { type: string }).type).toMatch(/\/route-not-found$/);
  });

  it('is answered 404 for a method the path does not take', async () => {
    const answer = await app.request('/v1/seminars/8f0e6a4e-1f7a-4a55-9a43-3c4f6b2d9e10', { method: 'POST' });
    expect(answer.status).toBe(404);
  });
});

describe('a body over the limit', () => {
  it('is answered 413 body-too-large with maxBytes, as the document describes', async () => {
    const body = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });
    const answer = await app.request('/v1/seminars', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    });
    expect(answer.status).toBe(413);
    expect(await answer.json()).toMatchObject({ maxBytes: 256 * 1024 });
  });
});
