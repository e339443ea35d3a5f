import { prismaSql, type Recorded, readStream } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import type { OfferingEvent } from '../domain/events.ts';
import { fold } from '../domain/offering.ts';
import { openEvents } from '../privacy/sealing.ts';
import { project } from './projection.ts';

/**
 * Rebuilds the `registrations` read model from the event store: the projection is derived data,
 * the offering streams are the truth. Runs in one transaction, so readers see the old or the new.
 */
export async function rebuildRegistrations(db: Db): Promise<{ streams: number; registrations: number }> {
  return db.$transaction(
    async (tx) => {
      const sql = prismaSql(tx);
      await tx.$executeRawUnsafe('LOCK TABLE registrations IN EXCLUSIVE MODE');
      await tx.registration.deleteMany();
      const streams = await sql.query<{ stream_id: string }>(
        "SELECT DISTINCT stream_id FROM events WHERE stream_id LIKE 'offering-%' ORDER BY stream_id",
      );
      for (const { stream_id } of streams) {
        // The offering streams hold only the offering's own events (written by its command handler).
        const recorded = (await openEvents(sql, await readStream(sql, stream_id))) as Recorded<OfferingEvent>[];
        const state = fold(recorded);
        if (state.status !== 'unknown') await project(tx, recorded, state);
      }
      return { streams: streams.length, registrations: await tx.registration.count() };
    },
    { timeout: 10 * 60_000 },
  );
}
