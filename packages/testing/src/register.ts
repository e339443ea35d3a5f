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

export interface DateToSchedule {
  /** The seminar's title; a random suffix keeps it apart from other tests' seminars. */
  title: string;
  topic: string;
  feeCents: number;
  capacity: number;
  startsAt: string;
  endsAt: string;
  venue: { name: string; city: string };
  registrationDeadline: string;
}

/** A new seminar with one published date, made by the back office through the gateway; the date's id. */
export async function scheduleSeminarDate(backOffice: ApiClient, date: DateToSchedule): Promise<string> {
  const { title, topic, feeCents, ...offering } = date;
  const seminar = await backOffice.post<{ id: string }>('/v1/seminars', { title: `${title} ${randomUUID().slice(0, 6)}`, topic, feeCents });
  if (seminar.status !== 201) throw new Error(`POST /v1/seminars answered ${seminar.status}`);
  const created = await backOffice.post<{ id: string }>(`/v1/seminars/${seminar.body.id}/offerings`, offering);
  if (created.status !== 201) throw new Error(`POST /v1/seminars/…/offerings answered ${created.status}`);
  return created.body.id;
}
