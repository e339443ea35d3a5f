import type { Logger } from '@seminarwerk/logging';
import { type ApiProblem, problemOf, unreachable } from './problem.ts';

/** An answer of the API: the resource, or the problem. Screens branch on `ok`; nothing throws for a 4xx. */
export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; problem: ApiProblem };

export interface GatewaySettings {
  baseUrl: string;
  /** The app's back-office key (scope `staff:delegate`). */
  apiKey: string;
  logger: Logger;
  timeoutMs?: number;
}

/** The header that names the signed-in staff member; the gateway records `staff:<username>` as the actor (decisions.md 72). */
export const ACTING_STAFF_HEADER = 'x-acting-staff';

/**
 * The app's only way to data: the public API through the gateway, as the signed-in staff member. Every POST carries
 * the Idempotency-Key of the form that caused it (ui/form.tsx), so a double submit is replayed, not done twice.
 */
export function gatewayClient(settings: GatewaySettings) {
  const timeoutMs = settings.timeoutMs ?? 30_000;

  async function call<T>(
    actingStaff: string,
    method: string,
    path: string,
    init: { body?: unknown; idempotencyKey?: string; timeoutMs?: number },
  ) {
    const headers: Record<string, string> = {
      authorization: `Bearer ${settings.apiKey}`,
      accept: 'application/json',
      [ACTING_STAFF_HEADER]: actingStaff,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
    let response: Response;
    try {
      response = await fetch(new URL(path, settings.baseUrl), {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(init.timeoutMs ?? timeoutMs),
      });
    } catch (error) {
      settings.logger.warn({ method, path: pathOnly(path), err: (error as Error).message }, 'gateway not reachable');
      return { ok: false, problem: unreachable() } as ApiResult<T>;
    }
    const text = await response.text();
    const body = text && /json/.test(response.headers.get('content-type') ?? '') ? safeJson(text) : text;
    if (response.ok) return { ok: true, status: response.status, body: body as T } as ApiResult<T>;
    if (response.status >= 500 || response.status === 401) {
      settings.logger.warn({ method, path: pathOnly(path), status: response.status }, 'gateway answered with a problem');
    }
    return { ok: false, problem: problemOf(response.status, body) } as ApiResult<T>;
  }

  async function download(actingStaff: string, path: string, accept: string): Promise<ApiResult<DownloadedFile>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, settings.baseUrl), {
        headers: {
          authorization: `Bearer ${settings.apiKey}`,
          accept: `${accept}, application/problem+json`,
          [ACTING_STAFF_HEADER]: actingStaff,
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      settings.logger.warn({ method: 'GET', path: pathOnly(path), err: (error as Error).message }, 'gateway not reachable');
      return { ok: false, problem: unreachable() };
    }
    const type = response.headers.get('content-type') ?? 'application/octet-stream';
    if (!response.ok) return { ok: false, problem: problemOf(response.status, /json/.test(type) ? safeJson(await response.text()) : {}) };
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { ok: true, status: response.status, body: { bytes, type, disposition: response.headers.get('content-disposition') } };
  }

  /** The API as one staff member: pass `c.get('api')` to screens, never build one per call elsewhere. */
  return {
    as(actingStaff: string) {
      return {
        get: <T>(path: string) => call<T>(actingStaff, 'GET', path, {}),
        /** `timeoutMs` for the few calls that take longer than a page should wait (an invoice run). */
        post: <T>(path: string, body: unknown, idempotencyKey: string, options: { timeoutMs?: number } = {}) =>
          call<T>(actingStaff, 'POST', path, { body, idempotencyKey, ...options }),
        patch: <T>(path: string, body: unknown) => call<T>(actingStaff, 'PATCH', path, { body }),
        put: <T>(path: string, body: unknown) => call<T>(actingStaff, 'PUT', path, { body }),
        delete: <T>(path: string) => call<T>(actingStaff, 'DELETE', path, {}),
        /** A file as it is (a PDF, an XML document): its bytes and the headers a download needs, or the problem. */
        download: (path: string, accept: string) => download(actingStaff, path, accept),
      };
    },
  };
}
export type GatewayClient = ReturnType<typeof gatewayClient>;
/** A downloaded document: the bytes untouched (text decoding would break a PDF), its type and file name header. */
export interface DownloadedFile {
  bytes: Uint8Array;
  type: string;
  disposition: string | null;
}
export type StaffApi = ReturnType<GatewayClient['as']>;

/** Logs name the route, never the query (it may hold a name or an e-mail address). */
const pathOnly = (path: string) => path.split('?')[0];

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `?a=1&b=x` from the given values, leaving out the empty ones. */
export function query(values: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}
