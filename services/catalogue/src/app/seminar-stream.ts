import { commandHandler, prismaSql } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { type CatalogueCommand, catalogueDecider } from '../domain/catalogue.ts';
import type { CatalogueEvent } from '../domain/events.ts';
import type { CatalogueRejection } from '../domain/rejections.ts';
import type { SeminarState } from '../domain/seminar.ts';
import { toPublicEvent } from '../messaging/public-events.ts';
import { projectSeminar } from './projection.ts';

/** The stream of a seminar: its own events and those of all its dates. */
export const seminarStreamId = (seminarId: string) => `seminar-${seminarId}`;

/**
 * The write path of the catalogue: one seminar stream per command, through the shared command handler (fold,
 * decide, append at the version read, project, outbox, in one transaction).
 *
 * Concurrency `lock`: writers of one seminar wait for each other on the stream's advisory lock. Back-office
 * writes are rare, but they come in bursts on one seminar (a script scheduling a year of dates, a cancellation
 * racing new dates): with optimistic concurrency alone each burst would retry N times over. The append still
 * checks the version it read, so the lock is about waiting, not about correctness.
 */
export function seminarStream(db: Db) {
  return commandHandler<Tx, CatalogueCommand, CatalogueEvent, SeminarState, CatalogueRejection>({
    decider: catalogueDecider,
    transaction: (work) => db.$transaction(work),
    sql: prismaSql,
    concurrency: 'lock',
    project: projectSeminar,
    toMessages: (recorded, seminar) => {
      if (!seminar) return [];
      return recorded.map((event) =>
        toPublicEvent(event, seminar, { eventId: event.id, time: event.recordedAt, correlationId: event.metadata.correlationId }),
      );
    },
  });
}
export type SeminarStream = ReturnType<typeof seminarStream>;
