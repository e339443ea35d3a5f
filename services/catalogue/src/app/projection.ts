import type { Recorded } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { CatalogueEvent } from '../domain/events.ts';
import type { SeminarState } from '../domain/seminar.ts';
import { offeringColumns, seminarColumns } from './read-model.ts';

/**
 * Keeps the tables in step with a seminar's stream, in the transaction that recorded the events: every row the
 * events touched is written once, from the state they left. An offering's free seats are set once, to its
 * capacity when it is scheduled; after that only registration's reports change them (recordAvailability).
 */
export async function projectSeminar(tx: Tx, recorded: readonly Recorded<CatalogueEvent>[], seminar: SeminarState): Promise<void> {
  if (!seminar) return;
  const { seminarId } = seminar;
  let createdAt: Date | undefined;
  let seminarChanged = false;
  const scheduled = new Set<string>();
  const changed = new Set<string>();
  for (const event of recorded) {
    if (event.type === 'SeminarCreated') createdAt = new Date(event.data.createdAt);
    else if (event.type === 'SeminarUpdated' || event.type === 'SeminarPublished' || event.type === 'SeminarCancelled')
      seminarChanged = true;
    else if (event.type === 'OfferingScheduled') scheduled.add(event.data.offeringId);
    else changed.add(event.data.offeringId);
  }
  if (createdAt) await tx.seminar.create({ data: { id: seminarId, ...seminarColumns(seminar), createdAt } });
  else if (seminarChanged) await tx.seminar.update({ where: { id: seminarId }, data: seminarColumns(seminar) });
  for (const offeringId of scheduled) {
    const offering = seminar.offerings[offeringId];
    if (!offering) continue;
    await tx.offering.create({ data: { id: offeringId, seminarId, ...offeringColumns(offering), seatsAvailable: offering.capacity } });
  }
  for (const offeringId of changed) {
    const offering = seminar.offerings[offeringId];
    if (!offering || scheduled.has(offeringId)) continue;
    await tx.offering.update({ where: { id: offeringId }, data: offeringColumns(offering) });
  }
}
