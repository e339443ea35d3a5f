import { randomUUID } from 'node:crypto';
import { contractCheckEnabled, exchangeOf, outsideTheDocument, servedContract } from './contract-checks.ts';
import { assertDocumented, isJsonMediaType, mediaTypeOf } from './openapi-contract.ts';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text of any other answer (iCalendar, XML). */
  body: T;
}

/**
 * A thin client for the public API as a partner would write it: JSON in, JSON (or problem+json) out. In tests every
 * answer is also held to the OpenAPI document the gateway serves (contract-checks.ts): one it does not describe fails
 * the test that received it.
 */
export function apiClient(baseUrl: string, key?: string, options: { contract?: boolean } = {}) {
  const contract = options.contract ?? contractCheckEnabled();
  return jsonClient(baseUrl, key ? { authorization: `Bearer ${key}` } : {}, {
    ...(contract
      ? {
          check: async (exchange) => {
            if (!outsideTheDocument(exchange.url)) assertDocumented(await servedContract(new URL(baseUrl).origin), exchange);
          },
        }
      : {}),
  });
}

/** JSON over HTTP with fixed headers (an API key, or the principal the gateway passes to a service). */
export function jsonClient(
  baseUrl: string,
  fixedHeaders: Record<string, string>,
  options: { check?: (exchange: ReturnType<typeof exchangeOf>) => Promise<void> } = {},
) {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        ...fixedHeaders,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method === 'POST' && !('idempotency-key' in headers) ? { 'idempotency-key': randomUUID() } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const exchange = exchangeOf(method, path, response, bytes);
    await options.check?.(exchange);
    const text = new TextDecoder().decode(bytes);
    const json = exchange.json !== undefined || isJsonMediaType(mediaTypeOf(response.headers.get('content-type')));
    return { status: response.status, headers: response.headers, body: (text && json ? JSON.parse(text) : text || undefined) as T };
  }
  return {
    get: <T = Record<string, unknown>>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    put: <T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PUT', path, body, headers),
    patch: <T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, body, headers),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
