import { currentTrace } from '@seminarwerk/logging';
import { appendToStream, enqueue, lockStream, type NewEvent, prismaSql, readStream, streamVersion } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import { decide, type OfferingCommand, type Rejection } from '../domain/decide.ts';
import type { OfferingEvent } from '../domain/events.ts';
import { fold, initialOffering, type Offering } from '../domain/offering.ts';
import { toPublicEvents } from '../messaging/public-events.ts';
import { project } from './projection.ts';

export const streamId = (offeringId: string) => `offering-${offeringId}`;

export type Decision = { rejected: Rejection } | { events: OfferingEvent[] };

export interface Snapshot {
  version: number;
  state: Offering;
}

/**
 * Folded states by stream, valid for the version they were folded at. Only read under the stream
 * lock, where the version in the database is checked first, so a stale entry is caught up, never used.
 */
export type StateCache = Map<string, Snapshot>;

/** A command and who gave it (recorded in the events' metadata). */
export interface Attributed {
  command: OfferingCommand;
  actor: string;
}

async function load(tx: Tx, id: string, cache: StateCache | undefined): Promise<Snapshot> {
  const sql = prismaSql(tx);
  const cached = cache?.get(id);
  const current = cached ? await streamVersion(sql, id) : 0;
  if (cached && cached.version === current) return cached;
  const from = cached && cached.version < current ? cached : { version: 0, state: initialOffering() };
  const events = await readStream(sql, id, from.version);
  const state = fold(
    events.map((e) => ({ type: e.type, data: e.data }) as OfferingEvent),
    from.state,
  );
  return { version: events.at(-1)?.version ?? from.version, state };
}

/**
 * Several commands on one offering in the caller's transaction: lock the stream (writers queue
 * instead of conflicting), load, decide each on the state the previous ones left, append all,
 * project, publish through the outbox. Returns a decision per command and the new snapshot, which
 * the caller may cache once the transaction has committed.
 */
export async function decideOnOffering(
  tx: Tx,
  offeringId: string,
  commands: readonly Attributed[],
  cache?: StateCache,
): Promise<{ decisions: Decision[]; snapshot: Snapshot; recordedAt?: Date }> {
  const sql = prismaSql(tx);
  const id = streamId(offeringId);
  await lockStream(sql, id);
  const before = await load(tx, id, cache);
  let state = before.state;
  const decisions: Decision[] = [];
  const { correlationId } = currentTrace();
  const all: NewEvent[] = [];
  for (const { command, actor } of commands) {
    const result = decide(command, state);
    if ('rejected' in result) {
      decisions.push({ rejected: result });
      continue;
    }
    state = fold(result, state);
    decisions.push({ events: result });
    all.push(...result.map((e) => ({ ...e, metadata: { actor, correlationId } })));
  }
  if (all.length === 0 || state.status === 'unknown') return { decisions, snapshot: before };
  const stored = await appendToStream(sql, id, before.version, all);
  await project(tx, stored, state);
  await enqueue(sql, toPublicEvents(stored, state, correlationId));
  return { decisions, snapshot: { version: stored.at(-1)?.version ?? before.version, state }, recordedAt: stored[0]?.recordedAt };
}
