import { randomUUID } from 'node:crypto';
import { ParticipantErased } from '@seminarwerk/contracts';
import { Rejected } from '@seminarwerk/decider';
import { cloudEvent } from '@seminarwerk/messaging';
import { enqueue, prismaSql, type Sql } from '@seminarwerk/postgres';
import type { RetentionPolicy } from '@seminarwerk/runtime';
import { type OfferingHandler, streamId } from '../app/offering-handler.ts';
import type { Db, Tx } from '../db.ts';
import { reject } from '../domain/commands.ts';
import type { ErasureFacts, EventOf } from '../domain/events.ts';
import { participantErasedData, SOURCE } from '../messaging/public-events.ts';
import { emailDigest } from './sealing.ts';

/** What registration answers the gateway: ids for its ledger, and the address so it can remove its own copies. */
export interface ErasureOutcome {
  registrationIds: string[];
  keyIds: string[];
  emails: string[];
}

export type ErasureRequest = { erasureId: string; actor: string } & ({ email: string } | { registrationId: string });

/** One registration to erase a person from; `leftAt` when they had handed the place on (decisions.md 120). */
interface Target {
  registrationId: string;
  offeringId: string;
  leftAt: string | null;
}

/**
 * Erasure of one person (DSGVO Art. 17) in registration: per registration the person is or was on, an event naming
 * nobody (`ParticipantErased`, published as `registration.participant-erased.v1` so every service blanks its copies),
 * the read model row blanked, the keys that sealed them in the events deleted, and the outbox rows naming them
 * blanked: all in one transaction. The place and its history stay, so capacity and the waiting list do not move.
 */
export function participantErasure(
  db: Db,
  handler: OfferingHandler,
  clock: () => Date = () => new Date(),
  /** Settles once the streams recorded before sealing are sealed (at start): until then keys would be missed. */
  sealed: Promise<unknown> = Promise.resolve(),
) {
  /** The registrations the keys sealed the person in, and whether the person still holds each place. */
  async function targetsOf(sql: Sql, keyIds: readonly string[], registrationIds: readonly string[]): Promise<Target[]> {
    if (registrationIds.length === 0) return [];
    const events = await sql.query<{ registration_id: string; offering_id: string; type: string; data: Record<string, unknown> }>(
      `SELECT e.data->>'registrationId' AS registration_id, r.offering_id::text, e.type, e.data
         FROM events e JOIN registrations r ON r.id::text = e.data->>'registrationId'
        WHERE e.stream_id = 'offering-' || r.offering_id::text AND r.id = ANY($1::uuid[])
          AND e.type IN ('RegistrationConfirmed', 'RegistrationWaitlisted', 'RegistrationSubstituted')
        ORDER BY e.global_position`,
      [[...registrationIds]],
    );
    const theirs = new Set(keyIds);
    const sealedForThem = (value: unknown) =>
      typeof value === 'object' && value !== null && theirs.has(String((value as { keyId?: string }).keyId));
    const walks = new Map<string, { offeringId: string; holds: boolean; leftAt: string | null }>();
    // The registration's events in order: the last one naming its participant says whether the person holds it now;
    // the last substitution that replaced them says when they left.
    for (const { registration_id, offering_id, type, data } of events) {
      const walk = walks.get(registration_id) ?? { offeringId: offering_id, holds: false, leftAt: null };
      walk.holds = sealedForThem(data.participant);
      if (type === 'RegistrationSubstituted' && sealedForThem(data.previous)) walk.leftAt = String(data.substitutedAt);
      walks.set(registration_id, walk);
    }
    return [...walks].flatMap(([registrationId, { offeringId, holds, leftAt }]) =>
      holds || leftAt !== null ? [{ registrationId, offeringId, leftAt: holds ? null : leftAt }] : [],
    );
  }

  /** Decides the erasures, deletes the keys and blanks the outbox, in the caller's transaction. */
  async function eraseIn(
    tx: Tx,
    facts: Omit<ErasureFacts, 'registrationId' | 'leftAt'>,
    targets: readonly Target[],
    keyIds: string[],
    actor: string,
  ) {
    const sql = prismaSql(tx);
    const digests = await sql.query<{ email_digest: string }>(
      'SELECT DISTINCT email_digest FROM participant_keys WHERE id = ANY($1::uuid[])',
      [keyIds],
    );
    const byOffering = groupBy(targets, (t) => t.offeringId);
    // Streams locked in one order, so two erasures (or a group booking) never wait for each other in a circle.
    for (const offeringId of [...byOffering.keys()].sort()) {
      const now = clock();
      const commands = (byOffering.get(offeringId) ?? []).map(({ registrationId, leftAt }) => ({
        command: { type: 'EraseParticipant' as const, ...facts, registrationId, leftAt, now },
        metadata: { actor },
      }));
      await handler.decideIn(tx, streamId(offeringId), commands);
    }
    await sql.query('DELETE FROM participant_keys WHERE id = ANY($1::uuid[])', [keyIds]);
    // A row the stream already says is erased but that names the person (restored from a backup) is blanked too.
    await sql.query(
      `UPDATE registrations SET first_name = '', last_name = '', email = '', erased_at = coalesce(erased_at, now())
        WHERE id = ANY($1::uuid[]) AND (email <> '' OR first_name <> '' OR last_name <> '')`,
      [targets.filter((t) => t.leftAt === null).map((t) => t.registrationId)],
    );
    await blankOutbox(
      sql,
      targets.map((t) => t.registrationId),
      digests.map((d) => d.email_digest),
    );
  }

  return {
    /** Erases the person given by address or by one of their registrations; a repeated request answers the same. */
    async erase(request: ErasureRequest): Promise<ErasureOutcome> {
      await sealed;
      const done = await db.erasure.findUnique({ where: { id: request.erasureId } });
      if (done) return { registrationIds: done.registrationIds, keyIds: done.keyIds, emails: [] };
      return db.$transaction(
        async (tx) => {
          const email = 'email' in request ? request.email : await addressOf(tx, request.registrationId);
          const sql = prismaSql(tx);
          const keys = email
            ? await sql.query<{ id: string; registration_id: string }>(
                'SELECT id::text, registration_id::text FROM participant_keys WHERE email_digest = $1',
                [emailDigest(email)],
              )
            : [];
          const keyIds = keys.map((k) => k.id);
          const registrationIds = [...new Set(keys.map((k) => k.registration_id))];
          const targets = await targetsOf(sql, keyIds, registrationIds);
          await eraseIn(tx, { erasureId: request.erasureId, reason: 'request' }, targets, keyIds, request.actor);
          const erased =
            'registrationId' in request && !registrationIds.includes(request.registrationId)
              ? [...registrationIds, request.registrationId]
              : registrationIds;
          await tx.erasure.create({ data: { id: request.erasureId, registrationIds: erased, keyIds } });
          return { registrationIds: erased, keyIds, emails: email ? [email] : [] };
        },
        { timeout: 60_000 },
      );
    },

    /**
     * Applies an erasure of the ledger again after a database restore (ids only): deletes the keys if they came back,
     * erases what the restored streams do not know erased, and publishes the erasure again for the other services.
     */
    async reapply(erasureId: string, registrationIds: string[], keyIds: string[], actor: string): Promise<{ registrationIds: string[] }> {
      await sealed;
      return db.$transaction(
        async (tx) => {
          const sql = prismaSql(tx);
          const targets = await targetsOf(sql, keyIds, registrationIds);
          await eraseIn(tx, { erasureId, reason: 'request' }, targets, keyIds, actor);
          await republish(sql, erasureId, registrationIds);
          await tx.erasure.upsert({ where: { id: erasureId }, create: { id: erasureId, registrationIds, keyIds }, update: {} });
          return { registrationIds };
        },
        { timeout: 60_000 },
      );
    },

    /**
     * Retention: erases the people of registrations whose date ended before `cutoff` (all of them, including those a
     * substitute replaced), offering by offering. Returns how many registrations it erased.
     */
    async eraseEndedBefore(cutoff: Date): Promise<number> {
      const due = await db.$queryRaw<{ id: string; offering_id: string }[]>`
        WITH ends AS (
          SELECT DISTINCT ON (stream_id) substring(stream_id from 10) AS offering_id,
                 (data->'snapshot'->>'endsAt')::timestamptz AS ends_at
            FROM events
           WHERE stream_id LIKE 'offering-%' AND type IN ('OfferingOpened', 'OfferingRescheduled')
           ORDER BY stream_id, stream_version DESC
        )
        SELECT r.id::text, r.offering_id::text
          FROM registrations r JOIN ends ON ends.offering_id = r.offering_id::text
         WHERE ends.ends_at < ${cutoff} AND (r.erased_at IS NULL
            OR EXISTS (SELECT 1 FROM participant_keys k WHERE k.registration_id = r.id))`;
      for (const [offeringId, rows] of groupBy(due, (r) => r.offering_id)) {
        await db.$transaction(async (tx) => {
          const ids = rows.map((r) => r.id);
          const keys = await prismaSql(tx).query<{ id: string }>(
            'SELECT id::text FROM participant_keys WHERE registration_id = ANY($1::uuid[])',
            [ids],
          );
          const targets = ids.map((registrationId) => ({ registrationId, offeringId, leftAt: null }));
          await eraseIn(
            tx,
            { erasureId: null, reason: 'retention' },
            targets,
            keys.map((k) => k.id),
            'retention',
          );
        });
      }
      return due.length;
    },
  };

  async function addressOf(tx: Tx, registrationId: string): Promise<string | undefined> {
    const row = await tx.registration.findUnique({ where: { id: registrationId }, select: { email: true, erasedAt: true } });
    if (!row) throw new Rejected(reject('registration-not-found', 'There is no registration with this id'));
    return row.erasedAt ? undefined : row.email;
  }
}
export type ParticipantErasure = ReturnType<typeof participantErasure>;

/** Participants' names and addresses go `months` after the date ended (PARTICIPANT_RETENTION_MONTHS). */
export const participantRetention = (erasure: ParticipantErasure, months: number): RetentionPolicy => ({
  category: `participant data of registrations (${months} months after the date)`,
  cutoffAt: (now) => {
    const cutoff = new Date(now);
    cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
    return cutoff;
  },
  purge: (cutoff) => erasure.eraseEndedBefore(cutoff),
});

/** Node 20 has no Map.groupBy. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/** Outbox rows about the registrations that name one of the people (by their address's digest) name nobody. */
async function blankOutbox(sql: Sql, registrationIds: readonly string[], digests: readonly string[]): Promise<void> {
  if (registrationIds.length === 0 || digests.length === 0) return;
  for (const field of ['participant', 'previous']) {
    await sql.query(
      `UPDATE outbox SET payload = jsonb_set(payload, ARRAY['data', $3], '{"erased": true}'::jsonb)
        WHERE payload->'data'->>'registrationId' = ANY($1::text[])
          AND encode(sha256(convert_to(lower(btrim(payload->'data'->$3->>'email')), 'UTF8')), 'hex') = ANY($2::text[])`,
      [[...registrationIds], [...digests], field],
    );
  }
}

/** The erasure's events, published again (a new message id each time, so every consumer's inbox takes it). */
async function republish(sql: Sql, erasureId: string, registrationIds: readonly string[]): Promise<void> {
  const events = await sql.query<{
    event_id: string;
    data: EventOf<'ParticipantErased'>['data'];
    offering_id: string;
    municipality_id: string | null;
  }>(
    `SELECT e.event_id::text, e.data, r.offering_id::text, r.municipality_id
       FROM events e JOIN registrations r ON r.id::text = e.data->>'registrationId'
      WHERE e.type = 'ParticipantErased' AND e.data->>'erasureId' = $1 AND r.id = ANY($2::uuid[])
        -- recorded before this transaction: what it appended itself went to the outbox already
        AND e.recorded_at < now()`,
    [erasureId, [...registrationIds]],
  );
  await enqueue(
    sql,
    events.map(({ event_id, data, offering_id, municipality_id }) => ({
      topic: ParticipantErased.topic,
      key: offering_id,
      event: cloudEvent({
        type: ParticipantErased.type,
        id: `${event_id}.reapplied.${randomUUID()}`,
        source: SOURCE,
        subject: data.registrationId,
        data: participantErasedData(data, offering_id, municipality_id),
        time: new Date(),
      }),
    })),
  );
}
