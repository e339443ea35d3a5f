import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A thin client for the public API as a partner would write it: JSON in, JSON (or problem+json) out. */
export function apiClient(baseUrl: string, key?: string) {
  return jsonClient(baseUrl, key ? { authorization: `Bearer ${key}` } : {});
}

/** JSON over HTTP with fixed headers (an API key, or the principal the gateway passes to a service). */
export function jsonClient(baseUrl: string, fixedHeaders: Record<string, string>) {
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
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
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
