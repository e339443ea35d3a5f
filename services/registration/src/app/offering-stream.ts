import { currentTrace } from '@seminarwerk/logging';
import { appendToStream, enqueue, lockStream, prismaSql, readStream } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import { decide, type OfferingCommand, type Rejection } from '../domain/decide.ts';
import type { OfferingEvent } from '../domain/events.ts';
import { fold, type Offering } from '../domain/offering.ts';
import { toPublicEvents } from '../messaging/public-events.ts';
import { project } from './projection.ts';

export const streamId = (offeringId: string) => `offering-${offeringId}`;

export type Decision = { rejected: Rejection } | { events: OfferingEvent[]; state: Offering };

/**
 * One command on one offering, inside the caller's transaction: lock the stream (writers queue
 * instead of conflicting), load, decide, append, project, and publish through the outbox.
 */
export async function decideOnOffering(tx: Tx, offeringId: string, command: OfferingCommand, actor: string): Promise<Decision> {
  const sql = prismaSql(tx);
  const id = streamId(offeringId);
  await lockStream(sql, id);
  const history = await readStream(sql, id);
  const before = fold(history.map((e) => ({ type: e.type, data: e.data }) as OfferingEvent));
  const result = decide(command, before);
  if ('rejected' in result) return { rejected: result };
  const state = fold(result, before);
  if (result.length === 0 || state.status !== 'open') return { events: result, state };
  const { correlationId } = currentTrace();
  const stored = await appendToStream(
    sql,
    id,
    history.length,
    result.map((e) => ({ ...e, metadata: { actor, correlationId } })),
  );
  await project(tx, stored, state);
  await enqueue(sql, toPublicEvents(stored, state, correlationId));
  return { events: result, state };
}
