import { AppError, CORRELATION_ID_HEADER, type Principal, principalHeaders, publicPathHeaders, REQUEST_ID_HEADER } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import { Agent, request as undiciRequest } from 'undici';
import type { UpstreamHealth } from './upstream-health.ts';

export interface Upstream {
  name: string;
  baseUrl: string;
  /** PRINCIPAL_SIGNING_SECRET: the principal of every call is signed with it (createGateway sets it on every upstream). */
  principalSecret?: string;
  /** Whether it answers, checked in the background (upstream-health.ts); without it, every call is tried. */
  health?: UpstreamHealth;
}

export interface ForwardedResponse {
  status: number;
  /**
   * The bytes as the service sent them. Never decoded as text: an XRechnung XML must reach the buyer byte for byte
   * (its hash is on record), and a PDF decoded as UTF-8 loses every byte that is not valid UTF-8.
   */
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Headers of the answer a route may pass on to the client (see PASSED_ON). */
  headers: Partial<Record<PassedOnHeader, string>>;
}

/**
 * What the client may learn from the service's headers besides the content type: when to retry (an offering not
 * open yet), the file name of a download (`RE-2027-00001.pdf`), and a document's validator and lifetime (an issued
 * invoice's ETag is its SHA-256, and it never changes). Everything else stays between gateway and service. Routes
 * choose which of them they relay (openapi.ts).
 */
const PASSED_ON = ['retry-after', 'content-disposition', 'etag', 'cache-control'] as const;
export type PassedOnHeader = (typeof PASSED_ON)[number];

/** How long a service may take to answer, unless a route says otherwise. */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;

/**
 * Keep-alive connections to the services, with no timeouts of their own: each call sets the time its route may
 * take (an invoice run over a thousand positions answers only when it is done, minutes later). As many connections
 * per service as calls in flight (undici's default, no queue in the gateway: 200 clients in a rush are 200 open
 * connections, reused call after call), one call at a time on each: a call pipelined behind a registration waiting
 * in its offering's line would wait with it (the service bounds its lines itself, decisions.md 106).
 */
const upstreams = new Agent({ keepAliveTimeout: 30_000, headersTimeout: 0, bodyTimeout: 0, connections: null, pipelining: 1 });

export interface ForwardedRequest {
  method: string;
  /** The service's path and query. */
  path: string;
  /** The path and query the client called at the gateway: the service names it as a problem's `instance`. */
  publicPath: string;
  principal?: Principal;
  /** The POST's Idempotency-Key, scoped to its API key (idempotency.ts): signed on to the service with the principal. */
  idempotencyKey?: string;
  body?: unknown;
  accept?: string;
  timeoutMs?: number;
}

/**
 * Forwards a request to the owning service with the caller's principal and trace ids. The service's
 * answer (including its problem+json) is passed through unchanged, as bytes.
 */
export async function forward(upstream: Upstream, request: ForwardedRequest): Promise<ForwardedResponse> {
  const trace = currentTrace();
  const url = new URL(request.path, upstream.baseUrl);
  const headers: Record<string, string> = {
    accept: request.accept ?? 'application/json',
    ...publicPathHeaders(request.publicPath),
    ...(request.principal ? signed(upstream, request, request.principal, url) : {}),
    ...(trace.requestId ? { [REQUEST_ID_HEADER]: trace.requestId } : {}),
    ...(trace.correlationId ? { [CORRELATION_ID_HEADER]: trace.correlationId } : {}),
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const timeoutMs = request.timeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  // Known to be down: answer now rather than after a connection attempt or a timeout (the check runs again at once).
  if (upstream.health?.isDown()) throw unavailable(upstream);
  try {
    const response = await undiciRequest(url, {
      method: request.method as 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      dispatcher: upstreams,
      // The bound on a call that does not answer: its headers within timeoutMs of being sent, and then no pause in its
      // body longer than that (to within a second). undici's own timers on the connection, rather than an AbortSignal
      // and a timer for every call.
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = new Uint8Array(await response.body.arrayBuffer());
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    return {
      status: response.statusCode,
      body,
      contentType: header('content-type') ?? 'application/json',
      headers: Object.fromEntries(PASSED_ON.flatMap((name) => (header(name) === undefined ? [] : [[name, header(name) as string]]))),
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED') upstream.health?.unreachable(code);
    throw unavailable(upstream);
  }
}

const unavailable = (upstream: Upstream) =>
  new AppError(503, 'service-unavailable', `The ${upstream.name} service is not reachable right now; retry later`, {
    retryAfterSeconds: 1,
  });

/** The principal, signed for this one call: its method and the path and query the service will see. */
function signed(upstream: Upstream, request: ForwardedRequest, principal: Principal, url: URL): Record<string, string> {
  if (!upstream.principalSecret) throw new Error(`No principal signing secret for ${upstream.name}`);
  const { method } = request;
  const idempotencyKey = method === 'POST' ? request.idempotencyKey : undefined;
  return principalHeaders(principal, upstream.principalSecret, { method, path: `${url.pathname}${url.search}`, idempotencyKey });
}

/** `?a=1&b=x` from validated query parameters, leaving out the ones not given. */
export function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
