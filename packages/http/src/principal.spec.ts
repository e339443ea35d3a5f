import { createLogger } from '@seminarwerk/logging';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { idempotencyKeyOf, type Principal, PrincipalHeaders, principalHeaders, principalOf } from './principal.ts';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const oldenburg: Principal = { kind: 'municipality', municipalityId: 'oldenburg', keyId: 'k-1' };

/** A service's app: principals are checked before its routes run. */
function service() {
  const app = createApp({ service: 'test', logger: createLogger('test', 'silent'), principalSecret: SECRET });
  app.get('/registrations', (c) => c.json(principalOf(c)));
  app.post('/registrations', (c) => c.json({ ...principalOf(c), idempotencyKey: idempotencyKeyOf(c) ?? null }));
  app.get('/public', (c) => c.json({ caller: c.req.header(PrincipalHeaders.kind) ?? 'anonymous' }));
  return app;
}

const signed = (p: Principal, method: string, path: string, secret = SECRET, now = Date.now()) =>
  principalHeaders(p, secret, { method, path }, now);

describe('principals signed by the gateway', () => {
  it('are believed for the request they were signed for', async () => {
    const response = await service().request('/registrations?limit=5', { headers: signed(oldenburg, 'GET', '/registrations?limit=5') });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(oldenburg);
  });

  it.each([
    ['unsigned', (h: Record<string, string>) => ({ ...h, [PrincipalHeaders.signature]: '' })],
    [
      'without signature headers at all',
      (h: Record<string, string>) => ({
        [PrincipalHeaders.kind]: h[PrincipalHeaders.kind] as string,
        [PrincipalHeaders.municipality]: 'oldenburg',
        [PrincipalHeaders.keyId]: 'k-1',
      }),
    ],
    ['for another municipality', (h: Record<string, string>) => ({ ...h, [PrincipalHeaders.municipality]: 'hannover' })],
    [
      'as back office',
      (h: Record<string, string>) => ({ ...h, [PrincipalHeaders.kind]: 'back-office', [PrincipalHeaders.actor]: 'oldenburg' }),
    ],
  ])('are refused with 401 when %s', async (_, change) => {
    const response = await service().request('/registrations', { headers: change(signed(oldenburg, 'GET', '/registrations')) });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: expect.stringMatching(/invalid-principal$/) });
  });

  it('are refused when signed with another secret, for another path or method, or stale', async () => {
    const cases = [
      signed(oldenburg, 'GET', '/registrations', 'another-secret-of-at-least-thirty-two-chars'),
      signed(oldenburg, 'GET', '/registrations/other'),
      signed(oldenburg, 'POST', '/registrations'),
      signed(oldenburg, 'GET', '/registrations', SECRET, Date.now() - 61_000),
      signed(oldenburg, 'GET', '/registrations', SECRET, Date.now() + 61_000),
    ];
    for (const headers of cases) expect((await service().request('/registrations', { headers })).status).toBe(401);
  });

  it('are not needed on routes that serve anonymous callers, and principalOf refuses those with 401', async () => {
    expect(await (await service().request('/public')).json()).toEqual({ caller: 'anonymous' });
    const anonymous = await service().request('/registrations');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ type: expect.stringMatching(/unauthenticated$/) });
  });

  it("carry the caller's Idempotency-Key, which nobody but the gateway can add, drop or change", async () => {
    const post = (headers: Record<string, string>) => service().request('/registrations', { method: 'POST', headers });
    const withKey = principalHeaders(oldenburg, SECRET, { method: 'POST', path: '/registrations', idempotencyKey: 'k-1:abc' });
    expect(await (await post(withKey)).json()).toEqual({ ...oldenburg, idempotencyKey: 'k-1:abc' });
    expect(await (await post(signed(oldenburg, 'POST', '/registrations'))).json()).toEqual({ ...oldenburg, idempotencyKey: null });

    const { [PrincipalHeaders.idempotencyKey]: _, ...dropped } = withKey;
    for (const headers of [
      { ...withKey, [PrincipalHeaders.idempotencyKey]: 'k-1:other' },
      dropped,
      { ...signed(oldenburg, 'POST', '/registrations'), [PrincipalHeaders.idempotencyKey]: 'k-1:abc' },
    ]) {
      expect((await post(headers)).status).toBe(401);
    }
  });
});
