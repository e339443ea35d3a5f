import { AppError, CORRELATION_ID_HEADER, type Principal, principalHeaders, REQUEST_ID_HEADER } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';

export interface Upstream {
  name: string;
  baseUrl: string;
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

/**
 * Forwards a request to the owning service with the caller's principal and trace ids. The service's
 * answer (including its problem+json) is passed through unchanged, as bytes.
 */
export async function forward(
  upstream: Upstream,
  request: { method: string; path: string; principal?: Principal; body?: unknown; accept?: string },
): Promise<ForwardedResponse> {
  const trace = currentTrace();
  const headers: Record<string, string> = {
    accept: request.accept ?? 'application/json',
    ...(request.principal ? principalHeaders(request.principal) : {}),
    ...(trace.requestId ? { [REQUEST_ID_HEADER]: trace.requestId } : {}),
    ...(trace.correlationId ? { [CORRELATION_ID_HEADER]: trace.correlationId } : {}),
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(new URL(request.path, upstream.baseUrl), {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch {
    throw new AppError(503, 'service-unavailable', `The ${upstream.name} service is not reachable right now; retry later`);
  }
  return {
    status: response.status,
    body: new Uint8Array(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? 'application/json',
    headers: Object.fromEntries(
      PASSED_ON.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name) as string]] : [])),
    ),
  };
}

/** `?a=1&b=x` from validated query parameters, leaving out the ones not given. */
export function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
