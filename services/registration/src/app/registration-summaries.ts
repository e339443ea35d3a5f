import type { RegistrationSummary } from '@seminarwerk/contracts/api';
import type { Db } from '../db.ts';
import { streamId } from './offering-handler.ts';

/**
 * Per offering, what the back office's overview shows: seats, confirmed, waiting and attended. Counts come from the
 * `registrations` read model; the capacity from the stream's last `OfferingOpened` or `CapacityChanged` (the read
 * model keeps no offering rows). An offering registration does not know (yet) is left out.
 */
export function registrationSummaries(db: Db) {
  return async (offeringIds: readonly string[]): Promise<RegistrationSummary[]> => {
    if (offeringIds.length === 0) return [];
    const streams = offeringIds.map(streamId);
    const capacities = await db.$queryRaw<{ stream_id: string; capacity: number }[]>`
      SELECT DISTINCT ON (stream_id) stream_id,
             (data->>'capacity')::int AS capacity
        FROM events
       WHERE stream_id = ANY(${streams}) AND type IN ('OfferingOpened', 'CapacityChanged')
       ORDER BY stream_id, stream_version DESC`;
    const counts = await db.registration.groupBy({
      by: ['offeringId', 'status', 'attended'],
      where: { offeringId: { in: [...offeringIds] } },
      _count: { _all: true },
    });
    const capacityOf = new Map(capacities.map((row) => [row.stream_id, row.capacity]));
    return offeringIds.flatMap((offeringId) => {
      const capacity = capacityOf.get(streamId(offeringId));
      if (capacity === undefined) return [];
      const of = counts.filter((row) => row.offeringId === offeringId);
      const count = (match: (row: (typeof of)[number]) => boolean) => of.filter(match).reduce((sum, row) => sum + row._count._all, 0);
      return [
        {
          offeringId,
          capacity,
          confirmed: count((row) => row.status === 'confirmed'),
          waitlisted: count((row) => row.status === 'waitlisted'),
          attended: count((row) => row.status === 'confirmed' && row.attended === true),
        },
      ];
    });
  };
}
