import { retryOnConflict } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import type { OfferingCommand } from '../domain/decide.ts';
import type { Offering } from '../domain/offering.ts';
import { type Decision, decideOnOffering, type StateCache, streamId } from './offering-stream.ts';

/** A command's decision, the offering's state after its transaction, and when that was recorded. */
export interface Outcome {
  decision: Decision;
  state: Offering;
  recordedAt?: Date;
}

interface Job {
  command: OfferingCommand;
  actor: string;
  resolve: (result: Outcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Serialises commands per offering inside this process and, when they pile up during a rush,
 * decides up to `maxBatch` of them in one transaction. Nobody fails because others arrived at the
 * same time; across processes the stream lock still serialises. Different offerings run in parallel.
 */
export function offeringQueue(db: Db, maxBatch = 100) {
  const waiting = new Map<string, Job[]>();
  const cache: StateCache = new Map();

  async function drain(offeringId: string, jobs: Job[]) {
    while (jobs.length > 0) {
      const batch = jobs.splice(0, maxBatch);
      try {
        const { decisions, snapshot, recordedAt } = await retryOnConflict(() =>
          db.$transaction((tx) => decideOnOffering(tx, offeringId, batch, cache)),
        );
        cache.set(streamId(offeringId), snapshot);
        for (const [i, job] of batch.entries()) job.resolve({ decision: decisions[i] as Decision, state: snapshot.state, recordedAt });
      } catch (error) {
        cache.delete(streamId(offeringId));
        for (const job of batch) job.reject(error);
      }
    }
    waiting.delete(offeringId);
  }

  return {
    submit(offeringId: string, command: OfferingCommand, actor: string) {
      return new Promise<Outcome>((resolve, reject) => {
        const job = { command, actor, resolve, reject };
        const jobs = waiting.get(offeringId);
        if (jobs) {
          jobs.push(job);
          return;
        }
        const fresh = [job];
        waiting.set(offeringId, fresh);
        void drain(offeringId, fresh);
      });
    },
  };
}
export type OfferingQueue = ReturnType<typeof offeringQueue>;
