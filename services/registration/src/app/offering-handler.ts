import { commandHandler, prismaSql, type Recorded, type StreamQueueOptions, streamQueue } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { type OfferingCommand, type OfferingRejection, offeringDecider } from '../domain/decide.ts';
import type { OfferingEvent } from '../domain/events.ts';
import type { KnownOffering, Offering } from '../domain/offering.ts';
import { toPublicEvents } from '../messaging/public-events.ts';
import { participantSealing } from '../privacy/sealing.ts';
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
    codec: participantSealing,
    project: async (tx, recorded, state) => {
      await project(tx, recorded, known(state, recorded));
      await rememberDecided(tx, recorded);
    },
    toMessages: (recorded, state) => toPublicEvents(recorded, known(state, recorded)),
  });
}
export type OfferingHandler = ReturnType<typeof offeringHandler>;

/**
 * How long an offering's line in this process may get (decisions.md 106). Beyond it a request is answered 503
 * `offering-busy` with `Retry-After` at once, instead of being decided after its caller gave up (the gateway waits
 * 30 s, DEFAULT_UPSTREAM_TIMEOUT_MS).
 * - `maxQueued` 1,000: registration decided 250–300 registrations/s of one offering on the 2-core development machine
 *   (2,000 concurrent requests, the load generator in the same process), so 1,000 waiting take about 4 s there, and
 *   less on a server: well within a client's patience. It stays above what the rush test (300 at once) and
 *   `npm run bench:rush` (200 connections) have in flight, so a rush the system can serve sees no 503.
 * - `maxWaitMs` 10 s: if the pace drops (a slow database, other processes holding the stream's lock), what waited a
 *   third of the gateway's timeout is refused rather than decided late; the batch itself and the answer have the rest.
 */
export const OFFERING_QUEUE = { maxBatch: 100, maxQueued: 1000, maxWaitMs: 10_000 } as const;
export type OfferingQueueLimits = Partial<Pick<StreamQueueOptions, 'maxQueued' | 'maxWaitMs'>>;

/**
 * Serialises commands per offering in this process and decides those that pile up during a rush in one
 * transaction (up to 100); across processes the stream lock still serialises. Bounded (`OFFERING_QUEUE`): what does
 * not fit is refused with `QueueFull` before anything is decided, so nothing is remembered under its Idempotency-Key.
 */
export const offeringQueue = (handler: OfferingHandler, limits: OfferingQueueLimits = {}) =>
  streamQueue(handler, { ...OFFERING_QUEUE, ...limits });
export type OfferingQueue = ReturnType<typeof offeringQueue>;

/** Only an opened offering records events (the rules refuse everything else before it opens). */
function known(state: Offering, recorded: readonly Recorded<OfferingEvent>[]): KnownOffering {
  if (state.status === 'unknown') throw new Error(`${recorded[0]?.streamId}: events recorded on an offering that never opened`);
  return state;
}
