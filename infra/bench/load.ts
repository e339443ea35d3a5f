/**
 * The load phase: N registrations of distinct participants for one offering from C concurrent
 * connections through the gateway, driven by autocannon with a fresh body and Idempotency-Key per
 * request. Latency is measured per request (autocannon's own timer, from write to full response).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon, { type Context, type RequestParams } from 'autocannon';
import type { Partner } from './catalogue.ts';

export interface SentRegistration {
  n: number;
  email: string;
  municipalityId: string;
  idempotencyKey: string;
}

export interface Answer {
  n: number;
  status: number;
  /** Parsed JSON body, or null when it was not JSON. */
  body: Record<string, unknown> | null;
  at: number;
}

export interface LoadResult {
  sent: SentRegistration[];
  answers: Answer[];
  latenciesMs: number[];
  /** Connection errors and timeouts as autocannon counts them. */
  errors: number;
  timeouts: number;
  errorMessages: Map<string, number>;
  /** From starting the load to the last response. */
  wallMs: number;
  startedAt: number;
  lastResponseAt: number;
}

/** A LoadResult as it crosses the IPC channel (a Map does not). */
export type SerialisedLoadResult = Omit<LoadResult, 'errorMessages'> & { errorMessages: [string, number][] };

export interface LoadOptions {
  gatewayUrl: string;
  offeringId: string;
  partners: readonly Partner[];
  amount: number;
  connections: number;
  /** The first participant number; e-mails are p<n>@rush.example. */
  firstN: number;
  emailPrefix?: string;
  timeoutSeconds?: number;
  onProgress?: (done: number) => void;
}

export const participantEmail = (n: number, prefix = 'p') => `${prefix}${n}@rush.example`;

export async function rush(options: LoadOptions): Promise<LoadResult> {
  const { partners, offeringId, amount } = options;
  const sent: SentRegistration[] = [];
  const answers: Answer[] = [];
  const latenciesMs: number[] = [];
  const errorMessages = new Map<string, number>();
  let next = options.firstN;
  let lastResponseAt = 0;

  // Called by autocannon right before each request goes out; the context belongs to the connection,
  // which has one request in flight, so onResponse finds the participant there.
  const setupRequest = (request: RequestParams, context: Context): RequestParams => {
    const n = next++;
    const partner = partners[n % partners.length] as Partner;
    const registration: SentRegistration = {
      n,
      email: participantEmail(n, options.emailPrefix),
      municipalityId: partner.municipalityId,
      idempotencyKey: randomUUID(),
    };
    sent.push(registration);
    context.n = n;
    return {
      ...request,
      method: 'POST',
      path: '/v1/registrations',
      headers: {
        authorization: `Bearer ${partner.key}`,
        'content-type': 'application/json',
        'idempotency-key': registration.idempotencyKey,
      },
      body: JSON.stringify({
        offeringId,
        participant: { firstName: `Teilnehmerin${n}`, lastName: 'Ansturm', email: registration.email },
      }),
    };
  };

  const onResponse = (status: number, body: string, context: Context) => {
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      parsed = null;
    }
    lastResponseAt = Date.now();
    answers.push({ n: context.n as number, status, body: parsed, at: lastResponseAt });
  };

  const startedAt = Date.now();
  const t0 = performance.now();
  let tLast = t0;
  const instance = autocannon({
    url: options.gatewayUrl,
    connections: options.connections,
    amount,
    timeout: options.timeoutSeconds ?? 120,
    requests: [{ setupRequest, onResponse }],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
    latenciesMs.push(responseTimeMs);
    tLast = performance.now();
    if (latenciesMs.length % 250 === 0) options.onProgress?.(latenciesMs.length);
  });
  instance.on('reqError', (error: Error) => {
    errorMessages.set(error.message, (errorMessages.get(error.message) ?? 0) + 1);
  });
  const result = await instance;
  return {
    sent,
    answers,
    latenciesMs,
    errors: result.errors,
    timeouts: result.timeouts,
    errorMessages,
    wallMs: tLast - t0,
    startedAt,
    lastResponseAt: lastResponseAt || startedAt,
  };
}
