import type { OutboundResult } from '../outbound/safe-post.ts';

export interface WebhookBackoff {
  initialMs: number;
  maxMs: number;
}

/**
 * The wait before the next attempt after `failedAttempts` (≥ 1) failures: exponential, capped, with "equal jitter"
 * (half fixed, half random), so endpoints that failed together are not retried in one burst.
 * `random` is in [0, 1).
 */
export function webhookRetryDelay(failedAttempts: number, backoff: WebhookBackoff, random: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** At most a day: a server may ask for a pause, not for the retry window to end. */
const MAX_RETRY_AFTER_MS = 86_400_000;

/** `Retry-After` (RFC 9110 §10.2.3) in milliseconds from `now`: seconds, or an HTTP date; undefined if unusable. */
export function retryAfterMs(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now.getTime();
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/**
 * What an attempt means for its delivery and subscription:
 * - `delivered`: any 2xx;
 * - `retry`: no answer (timeout, connection error), 5xx or 429, honouring `Retry-After`;
 * - `gone`: 410, the endpoint says it will never take events again: the subscription is disabled;
 * - `failed`: anything else (3xx, since redirects are not followed, and other 4xx), and targets our rules refuse:
 *   retrying would get the same answer, so the delivery is given up at once and the next one may go.
 */
export type AttemptOutcome = { kind: 'delivered' } | { kind: 'retry'; retryAfterMs?: number } | { kind: 'gone' } | { kind: 'failed' };

export function classifyAttempt(result: OutboundResult, now: Date): AttemptOutcome {
  if (result.kind === 'refused') return { kind: 'failed' };
  if (result.kind === 'unreachable') return { kind: 'retry' };
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  if (status === 429 || status >= 500) return { kind: 'retry', retryAfterMs: retryAfterMs(result.retryAfter, now) };
  return { kind: 'failed' };
}
