import { currentTrace, type Logger } from '@seminarwerk/logging';
import { HTTPException } from 'hono/http-exception';
import { expect, it } from 'vitest';
import { createApp } from './app.ts';
import { AppError } from './problem.ts';

function appWithLogLines() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const record = (level: string) => (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message });
  const logger = { info: record('info'), error: record('error') } as unknown as Logger;
  const app = createApp({ service: 'test', logger });
  app.get('/trace', (c) => c.json(currentTrace()));
  app.get('/refused', () => {
    throw new AppError(409, 'taken', 'Already taken');
  });
  app.get('/malformed', () => {
    throw new HTTPException(400);
  });
  app.get('/broken', () => {
    throw new Error('boom');
  });
  return { app, lines };
}

it('answers with the request id it was given, or a new one, and traces the request with it', async () => {
  const { app } = appWithLogLines();
  const given = await app.request('/trace', { headers: { 'x-request-id': 'r-1', 'x-correlation-id': 'c-1' } });
  expect(given.headers.get('x-request-id')).toBe('r-1');
  expect(await given.json()).toEqual({ requestId: 'r-1', correlationId: 'c-1' });

  const fresh = await app.request('/trace');
  const id = fresh.headers.get('x-request-id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(await fresh.json()).toEqual({ requestId: id, correlationId: id });
});

it('replaces a request id that is too long or not plain text with a fresh one', async () => {
  const { app } = appWithLogLines();
  for (const bad of ['x'.repeat(129), 'line\tbreak', 'ümlaut', '']) {
    const response = await app.request('/trace', { headers: { 'x-request-id': bad } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  }
  const kept = await app.request('/trace', { headers: { 'x-request-id': 'partner-42:retry.1' } });
  expect(kept.headers.get('x-request-id')).toBe('partner-42:retry.1');
});

it('logs one line per request, errors as errors, and nothing for health checks', async () => {
  const { app, lines } = appWithLogLines();
  await app.request('/trace');
  await app.request('/broken');
  await app.request('/health/live');
  expect(lines.map((l) => [l.level, l.message, l.fields.path, l.fields.status])).toEqual([
    ['info', 'request', '/trace', 200],
    ['error', 'unhandled error', undefined, undefined],
    ['error', 'request', '/broken', 500],
  ]);
  expect(lines[0]?.fields).toEqual({ method: 'GET', path: '/trace', status: 200, ms: expect.any(Number) });
});

it('turns every error into problem+json with the request id', async () => {
  const { app } = appWithLogLines();
  const cases = [
    ['/refused', 409, 'taken', 'Already taken'],
    ['/malformed', 400, 'malformed-json', 'The request body is not valid JSON'],
    ['/broken', 500, 'internal-error', expect.stringContaining('x-request-id')],
    ['/nowhere', 404, 'route-not-found', 'There is no route GET /nowhere'],
  ] as const;
  for (const [path, status, code, detail] of cases) {
    const response = await app.request(path, { headers: { 'x-request-id': `r-${status}` } });
    expect(response.status, path).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('x-request-id')).toBe(`r-${status}`);
    expect(await response.json()).toMatchObject({ type: `https://seminarwerk.example/problems/${code}`, status, detail, instance: path });
  }
});
