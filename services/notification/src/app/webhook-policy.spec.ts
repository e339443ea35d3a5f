import { describe, expect, it } from 'vitest';
import { classifyAttempt, retryAfterMs, webhookRetryDelay } from './webhook-policy.ts';

const backoff = { initialMs: 5_000, maxMs: 3_600_000 };
const now = new Date('2027-02-16T10:00:00Z');
const answered = (status: number, retryAfter?: string) => ({ kind: 'answered' as const, status, retryAfter, body: '', durationMs: 3 });

describe('webhook retry delay', () => {
  it('doubles from the initial delay, with up to half of it random', () => {
    expect(webhookRetryDelay(1, backoff, 0)).toBe(2_500);
    expect(webhookRetryDelay(1, backoff, 0.999_999)).toBe(5_000);
    expect(webhookRetryDelay(3, backoff, 0)).toBe(10_000);
    expect(webhookRetryDelay(3, backoff, 0.5)).toBe(15_000);
  });

  it('never waits longer than the maximum', () => {
    expect(webhookRetryDelay(40, backoff, 0.999_999)).toBeLessThanOrEqual(3_600_000);
    expect(webhookRetryDelay(40, backoff, 0)).toBe(1_800_000);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 16 Feb 2027 10:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('asks for at most a day, and never for the past', () => {
    expect(retryAfterMs('999999999', now)).toBe(86_400_000);
    expect(retryAfterMs('Tue, 16 Feb 2027 09:00:00 GMT', now)).toBe(0);
  });
});

describe('what an attempt means', () => {
  it('delivers on 2xx only', () => {
    expect(classifyAttempt(answered(200), now)).toEqual({ kind: 'delivered' });
    expect(classifyAttempt(answered(204), now)).toEqual({ kind: 'delivered' });
  });

  it('retries timeouts, connection errors, 5xx and 429, honouring Retry-After', () => {
    expect(classifyAttempt({ kind: 'unreachable', error: 'timeout', durationMs: 10_000 }, now)).toEqual({ kind: 'retry' });
    expect(classifyAttempt(answered(503), now)).toEqual({ kind: 'retry', retryAfterMs: undefined });
    expect(classifyAttempt(answered(429, '30'), now)).toEqual({ kind: 'retry', retryAfterMs: 30_000 });
  });

  it('gives a delivery up on redirects, other 4xx and refused targets, and a subscription on 410', () => {
    expect(classifyAttempt(answered(302), now)).toEqual({ kind: 'failed' });
    expect(classifyAttempt(answered(400), now)).toEqual({ kind: 'failed' });
    expect(classifyAttempt({ kind: 'refused', error: 'refused', durationMs: 0 }, now)).toEqual({ kind: 'failed' });
    expect(classifyAttempt(answered(410), now)).toEqual({ kind: 'gone' });
  });
});
