/**
 * One request as a careful client sends it: the same Idempotency-Key on every attempt, retried after a 5xx, a 429,
 * a 409 `idempotency-key-in-use` (the first attempt is still running, or died with a gateway: its record is taken
 * over after 2 minutes) or a connection error (the gateway may be the process that died) until a definite answer or
 * the deadline.
 */
import { randomUUID } from 'node:crypto';

export interface Outcome {
  /** The final status, or 0 when no definite answer came before the deadline. */
  status: number;
  body: Record<string, unknown> | null;
  /** Attempts after the first. */
  retries: number;
  startedAt: number;
  answeredAt: number;
  /** The last error or status that made it retry. */
  lastProblem?: string;
}

export interface RequestOptions {
  method: 'POST' | 'GET';
  path: string;
  key: string;
  body?: unknown;
  /** Give up (status 0) after this long; a real client would alert someone. */
  deadlineMs?: number;
  signal?: AbortSignal;
}

const retryable = (status: number, body: Record<string, unknown> | null) =>
  status >= 500 || status === 429 || (status === 409 && String(body?.type ?? '').endsWith('/idempotency-key-in-use'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function send(baseUrl: string, options: RequestOptions): Promise<Outcome> {
  const idempotencyKey = randomUUID();
  const startedAt = Date.now();
  const deadline = startedAt + (options.deadlineMs ?? 180_000);
  let retries = 0;
  let lastProblem: string | undefined;
  for (;;) {
    let wait = 250;
    try {
      const response = await fetch(new URL(options.path, baseUrl), {
        method: options.method,
        headers: {
          authorization: `Bearer ${options.key}`,
          ...(options.method === 'POST' ? { 'content-type': 'application/json', 'idempotency-key': idempotencyKey } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      if (!retryable(response.status, parse(text))) {
        return { status: response.status, body: parse(text), retries, startedAt, answeredAt: Date.now(), lastProblem };
      }
      if (response.status === 409) wait = 1_000;
      lastProblem = `${response.status} ${String(parse(text)?.type ?? '')
        .split('/')
        .pop()}`;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.min(retryAfter * 1000, 2_000);
    } catch (error) {
      lastProblem = causeOf(error);
    }
    if (Date.now() + wait > deadline) {
      return { status: 0, body: null, retries, startedAt, answeredAt: Date.now(), lastProblem };
    }
    retries += 1;
    await sleep(wait);
  }
}

function parse(text: string): Record<string, unknown> | null {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** fetch hides the socket error in `cause` (ECONNREFUSED, ECONNRESET, ...). */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
