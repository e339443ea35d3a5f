import { createLogger } from '@seminarwerk/logging';
import { expect, it } from 'vitest';
import { createApp } from './app.ts';
import { AppError, PUBLIC_PATH_HEADER, publicPathHeaders } from './problem.ts';

/** A service's app with one refusal on its internal path, as registration answers `POST /registrations`. */
function service() {
  const app = createApp({ service: 'test', logger: createLogger('test', 'silent') });
  app.post('/registrations', () => {
    throw new AppError(409, 'already-registered', 'This person already holds a place on this offering');
  });
  return app;
}

const instanceOf = async (headers: Record<string, string>) => {
  const response = await service().request('/registrations', { method: 'POST', headers });
  expect(response.status).toBe(409);
  return ((await response.json()) as { instance: string }).instance;
};

it('names the public path the gateway passed on as the instance, query and all', async () => {
  expect(await instanceOf({ [PUBLIC_PATH_HEADER]: '/v1/registrations' })).toBe('/v1/registrations');
  expect(await instanceOf({ [PUBLIC_PATH_HEADER]: '/v1/registrations?limit=5&cursor=abc' })).toBe('/v1/registrations?limit=5&cursor=abc');
});

it('names its own path when called without one, or with one that is no public API path', async () => {
  expect(await instanceOf({})).toBe('/registrations');
  for (const refused of ['/registrations', '/v1', 'https://evil.example/v1/x', '/v1/with space', '/v1/ümlaut', `/v1/${'x'.repeat(2001)}`]) {
    expect(await instanceOf({ [PUBLIC_PATH_HEADER]: refused }), refused).toBe('/registrations');
  }
});

it('gives the gateway the header only for a path the service would believe', () => {
  expect(publicPathHeaders('/v1/registrations?limit=5')).toEqual({ [PUBLIC_PATH_HEADER]: '/v1/registrations?limit=5' });
  expect(publicPathHeaders(`/v1/${'x'.repeat(2001)}`)).toEqual({});
});
