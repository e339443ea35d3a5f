import { commandHandler, prismaSql, type Recorded, streamQueue } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { type OfferingCommand, type OfferingRejection, offeringDecider } from '../domain/decide.ts';
import type { OfferingEvent } from '../domain/events.ts';
import type { KnownOffering, Offering } from '../domain/offering.ts';
import { toPublicEvents } from '../messaging/public-events.ts';
import { rememberDecided } from './idempotent-commands.ts';
import { project } from './projection.ts';

export const streamId = (offeringId: string) => `offering-${offeringId}`;

/**
 * Every change of an offering goes through the shared command handler: lock the stream (a rush queues
 * instead of failing on conflicts), fold it (states cached, checked against the stream's version),
 * decide, append, project into `registrations` (and what each Idempotency-Key decided), publish through the outbox.
 */
export function offeringHandler(db: Db) {
  return commandHandler<Tx, OfferingCommand, OfferingEvent, Offering, OfferingRejection>({
    decider: offeringDecider,
    transaction: (work) => db.$transaction(work),
    sql: prismaSql,
    concurrency: 'lock',
    cacheStates: true,
    project: async (tx, recorded, state) => {
      await project(tx, recorded, known(state, recorded));
      await rememberDecided(tx, recorded);
    },
    toMessages: (recorded, state) => toPublicEvents(recorded, known(state, recorded)),
  });
}
export type OfferingHandler = ReturnType<typeof offeringHandler>;

/**
 * Serialises commands per offering in this process and decides those that pile up during a rush in one
 * transaction (up to 100); across processes the stream lock still serialises.
 */
export const offeringQueue = (handler: OfferingHandler) => streamQueue(handler, { maxBatch: 100 });
export type OfferingQueue = ReturnType<typeof offeringQueue>;

/** Only an opened offering records events (the rules refuse everything else before it opens). */
function known(state: Offering, recorded: readonly Recorded<OfferingEvent>[]): KnownOffering {
  if (state.status === 'unknown') throw new Error(`${recorded[0]?.streamId}: events recorded on an offering that never opened`);
  return state;
}
