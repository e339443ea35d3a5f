import { randomUUID } from 'node:crypto';
import type { ApiClient, ApiResponse } from './api-client.ts';
import { eventually } from './eventually.ts';

/**
 * `POST /v1/registrations` for an offering that may not be open yet: registration opens it when the catalogue
 * event arrives, and answers 409 `offering-not-open` until then. Retries with one Idempotency-Key, so a retry
 * can never register twice; any other answer is returned as it is.
 */
export function registerWhenOpen<T = Record<string, any>>(
  client: ApiClient,
  body: unknown,
  options: { idempotencyKey?: string; timeoutMs?: number } = {},
): Promise<ApiResponse<T>> {
  const idempotencyKey = options.idempotencyKey ?? randomUUID();
  return eventually(
    async () => {
      const response = await client.post<T>('/v1/registrations', body, { 'idempotency-key': idempotencyKey });
      const type = String((response.body as { type?: unknown } | undefined)?.type ?? '');
      if (response.status === 409 && type.endsWith('/offering-not-open')) throw new Error('not open yet');
      return response;
    },
    options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs },
  );
}
