import { apiClient, type SmtpTestServer, startSmtpServer, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import { type FuzzTarget, formatFailures, formatTable, fuzz, fuzzSeed, NO_RATE_LIMITS, setUpFuzzTarget } from '@seminarwerk/testing/fuzz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The fuzz suite in CI: a few thousand requests generated from the served OpenAPI document (valid, at the bounds and
 * broken) for every operation and role, against the whole system. Every answer must be documented for its operation,
 * every error problem+json with a detail, and none a 5xx. A fixed seed, so a failure here fails again; FUZZ_SEED varies
 * it. `npm run fuzz` sends 10,000+.
 */

const SEED = fuzzSeed(20_261_129);
const REQUESTS = 2_500;

let smtp: SmtpTestServer;
let system: TestSystem;
let target: FuzzTarget;

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url, env: NO_RATE_LIMITS });
  target = await setUpFuzzTarget(system.gatewayUrl, system.backOfficeKey);
}, 180_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

describe('fuzzing the public API', () => {
  it(`answers ${REQUESTS} generated requests as documented, errors as problem+json, never with a 5xx (seed ${SEED})`, async () => {
    console.log(`[fuzz] seed ${SEED} (FUZZ_SEED=${SEED} sends the same requests again)`);
    const report = await fuzz({ baseUrl: system.gatewayUrl, target, seed: SEED, requests: REQUESTS, concurrency: 6 });
    console.log(formatTable(report));
    expect(report.requests).toBe(REQUESTS);
    expect(formatFailures(report.failures, system.gatewayUrl), `seed ${SEED}, service logs in ${system.logDir}`).toBe('no failures');
    expect(report.operations.filter((o) => o.requests === 0).map((o) => o.operation)).toEqual([]);
  }, 120_000);

  it('leaves the system answering', async () => {
    const seminars = await apiClient(system.gatewayUrl).get('/v1/seminars?limit=1');
    expect(seminars.status).toBe(200);
  });
});
