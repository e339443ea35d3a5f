import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { AppError, idempotencyKeyOf } from '@seminarwerk/http';
import type { CommandMetadata, Recorded } from '@seminarwerk/postgres';
import type { Context } from 'hono';
import type { Db, Tx } from '../db.ts';
import type { OfferingEvent } from '../domain/events.ts';

/**
 * Idempotency of registration's own (decisions.md 103). The gateway remembers answers per Idempotency-Key, but it can
 * only remember an answer it received: if it dies after registration decided, the client's retry would decide again
 * (and be told `already-registered` about its own booking). So the gateway signs the key on to the service, the
 * command's events carry it, and the projection's transaction notes which registrations they were about; a retry
 * with the same key and request answers those registrations as they are now.
 */
export type Idempotency = NonNullable<CommandMetadata['idempotency']>;

/** As long as the gateway keeps its records (IDEMPOTENCY_TTL_HOURS' default): after that a key may be used anew. */
const KEPT_FOR = '24 hours';
const PURGE_EVERY_MS = 15 * 60_000;

/** The request's key and hash (the gateway's: `sha256("<METHOD> <path>\n<body>")`), when the gateway passed one on. */
export async function idempotencyOf(c: Context): Promise<Idempotency | undefined> {
  const key = idempotencyKeyOf(c);
  if (key === undefined) return undefined;
  const requestHash = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
    .digest('hex');
  return { key, requestHash };
}

const current = new AsyncLocalStorage<Idempotency>();

/** Runs a request's command with its idempotency, so `requestMetadata` records it with the events (like the trace). */
export const withIdempotency = <T>(idempotency: Idempotency | undefined, work: () => Promise<T>): Promise<T> =>
  idempotency ? current.run(idempotency, work) : work();

/** For a command's metadata: the idempotency of the request being decided, if it has one. */
export function currentIdempotency(): Pick<CommandMetadata, 'idempotency'> {
  const idempotency = current.getStore();
  return idempotency ? { idempotency } : {};
}

/**
 * In the decision's transaction (the command handler's projection): per key, the registrations its events were
 * about, in order. A group booking decides several offerings in one transaction, so a key's row grows.
 * A refused command records no events, so nothing is remembered for it: deciding it again stores nothing twice.
 */
export async function rememberDecided(tx: Tx, recorded: readonly Recorded<OfferingEvent>[]): Promise<void> {
  const byKey = new Map<string, { requestHash: string; registrationIds: string[] }>();
  for (const event of recorded) {
    const idempotency = event.metadata.idempotency as Idempotency | undefined;
    if (!idempotency || !('registrationId' in event.data)) continue;
    const entry = byKey.get(idempotency.key) ?? { requestHash: idempotency.requestHash, registrationIds: [] };
    if (!entry.registrationIds.includes(event.data.registrationId)) entry.registrationIds.push(event.data.registrationId);
    byKey.set(idempotency.key, entry);
  }
  if (byKey.size === 0) return;
  // One statement for the whole batch (a rush decides a hundred keys in one transaction); keys are distinct here.
  const rows = [...byKey].map(([key, { requestHash, registrationIds }]) => ({
    key,
    request_hash: requestHash,
    registration_ids: registrationIds,
  }));
  await tx.$executeRaw`
      INSERT INTO idempotent_commands (key, request_hash, registration_ids)
      SELECT r.key, r.request_hash, ARRAY(SELECT jsonb_array_elements_text(r.registration_ids))::uuid[]
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(key text, request_hash text, registration_ids jsonb)
      ON CONFLICT (key) DO UPDATE SET
        registration_ids = CASE WHEN idempotent_commands.created_at < now() - ${KEPT_FOR}::interval
          THEN EXCLUDED.registration_ids ELSE idempotent_commands.registration_ids || EXCLUDED.registration_ids END,
        request_hash = EXCLUDED.request_hash,
        created_at = CASE WHEN idempotent_commands.created_at < now() - ${KEPT_FOR}::interval
          THEN now() ELSE idempotent_commands.created_at END`;
}

/** The registrations a command with this key already decided about; a 422 if the key came with another request. */
export function idempotentCommands(db: Db) {
  let purgedAt = 0;
  return async function decidedBefore(idempotency: Idempotency | undefined): Promise<string[] | undefined> {
    if (!idempotency) return undefined;
    if (Date.now() - purgedAt > PURGE_EVERY_MS) {
      purgedAt = Date.now();
      await db.$executeRaw`DELETE FROM idempotent_commands WHERE created_at < now() - ${KEPT_FOR}::interval`;
    }
    const [row] = await db.$queryRaw<{ request_hash: string; registration_ids: string[] }[]>`
      SELECT request_hash, registration_ids FROM idempotent_commands
       WHERE key = ${idempotency.key} AND created_at >= now() - ${KEPT_FOR}::interval`;
    if (!row) return undefined;
    if (row.request_hash !== idempotency.requestHash) {
      // The gateway answers so too while it holds its record; this holds after it dropped one (e.g. after a 5xx).
      throw new AppError(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for a different request');
    }
    return row.registration_ids;
  };
}
