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

  async function call<T>(actingStaff: string, method: string, path: string, init: { body?: unknown; idempotencyKey?: string }) {
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
        signal: AbortSignal.timeout(timeoutMs),
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

  /** The API as one staff member: pass `c.get('api')` to screens, never build one per call elsewhere. */
  return {
    as(actingStaff: string) {
      return {
        get: <T>(path: string) => call<T>(actingStaff, 'GET', path, {}),
        post: <T>(path: string, body: unknown, idempotencyKey: string) => call<T>(actingStaff, 'POST', path, { body, idempotencyKey }),
        patch: <T>(path: string, body: unknown) => call<T>(actingStaff, 'PATCH', path, { body }),
        put: <T>(path: string, body: unknown) => call<T>(actingStaff, 'PUT', path, { body }),
        delete: <T>(path: string) => call<T>(actingStaff, 'DELETE', path, {}),
      };
    },
  };
}
export type GatewayClient = ReturnType<typeof gatewayClient>;
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
