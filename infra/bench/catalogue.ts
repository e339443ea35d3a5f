/** Seeds what the rush needs through the public API: partner keys, a seminar, offerings. */
import type { ApiClient } from '@seminarwerk/testing';
import type pg from 'pg';

export interface Partner {
  municipalityId: string;
  key: string;
}

export interface Offering {
  offeringId: string;
  seminarId: string;
  title: string;
  capacity: number;
}

type Json = Record<string, unknown>;

function created<T>(response: { status: number; body: T }, what: string): T {
  if (response.status !== 201) throw new Error(`${what}: expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function createPartners(backOffice: ApiClient, municipalityIds: readonly string[]): Promise<Partner[]> {
  const partners: Partner[] = [];
  for (const municipalityId of municipalityIds) {
    const body = created(
      await backOffice.post<{ key: string }>('/v1/api-keys', {
        name: `${municipalityId} (rush benchmark)`,
        role: 'partner',
        municipalityId,
      }),
      `API key for ${municipalityId}`,
    );
    partners.push({ municipalityId, key: body.key });
  }
  return partners;
}

export async function createSeminar(backOffice: ApiClient, title: string): Promise<{ seminarId: string; title: string }> {
  const seminar = created(
    await backOffice.post<{ id: string }>('/v1/seminars', { title, topic: 'Digitalisierung', feeCents: 29000 }),
    'seminar',
  );
  return { seminarId: seminar.id, title };
}

/** One published date, 90 days ahead, registration open until a week before. */
export async function scheduleOffering(
  backOffice: ApiClient,
  seminar: { seminarId: string; title: string },
  capacity: number,
  dayOffset: number,
): Promise<Offering> {
  const day = 86_400_000;
  const start = new Date(Date.now() + (90 + dayOffset) * day);
  start.setUTCHours(8, 0, 0, 0);
  const end = new Date(start.getTime() + 8 * 3_600_000);
  const deadline = new Date(start.getTime() - 7 * day).toISOString().slice(0, 10);
  const body = created(
    await backOffice.post<Json & { id: string }>(`/v1/seminars/${seminar.seminarId}/offerings`, {
      capacity,
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      venue: { name: 'Tagungszentrum', city: 'Hannover' },
      registrationDeadline: deadline,
    }),
    'offering',
  );
  return { offeringId: body.id, seminarId: seminar.seminarId, title: seminar.title, capacity };
}

/**
 * Waits until the registration service has opened the offering's stream (the catalogue event arrived).
 * Reads its event store instead of sending a probe registration, so the probe cannot shift the counts.
 */
export async function waitUntilOpen(registrationDb: pg.Client, offeringId: string, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { rowCount } = await registrationDb.query("SELECT 1 FROM events WHERE stream_id = $1 AND type = 'OfferingOpened'", [
      `offering-${offeringId}`,
    ]);
    if (rowCount) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`offering ${offeringId} was not open for registration after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
