import type { DataOf, ParticipantErased } from '@seminarwerk/contracts';
import { ANOTHER_PERSON } from '@seminarwerk/contracts/api';
import type { Logger } from '@seminarwerk/logging';
import { erasureReceiptsCover, prismaSql } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { escapeHtml } from '../mail/wording.ts';
import { ERASED } from '../messaging/public-events.ts';
import { PURGED_PAYLOAD } from './deliveries.ts';

type Erasure = DataOf<typeof ParticipantErased>;

/** Who a registration's feed entry names: the participant, and on a substitution the person replaced. */
const PEOPLE = ['participant', 'previousParticipant'] as const;

/** The substitution with which the erased person left. */
interface Leaving {
  eventId: string;
  /** The erased person's name as its mails printed it, to take out of the substitute's mail (null: not kept). */
  name: string | null;
}

/**
 * Erasure of a registration's person (registration.participant-erased.v1, docs/privacy.md, decisions.md 125–127):
 * every copy notification holds is blanked in place, in the inbox's transaction, and a receipt is written. Applying
 * the same erasure again (redelivered, or re-applied after a restore under a new event id) blanks what it finds again
 * and adds to the same receipt.
 */
export function erasures(db: Db, logger: Logger) {
  return {
    async apply(tx: Tx, erasure: Erasure): Promise<void> {
      const { registrationId, erasureId } = erasure;
      const leftAt = erasure.leftAt === null ? null : new Date(erasure.leftAt);
      const leaving = leftAt ? await leavingSubstitution(tx, registrationId, leftAt) : null;
      const substituteMails = leaving?.name ? await unnameInSubstituteMail(tx, registrationId, leaving.eventId, leaving.name) : 0;
      const deliveries = await blankDeliveries(tx, registrationId, leftAt, leaving?.eventId ?? null);
      const feed = await blankFeed(tx, registrationId, leftAt, leaving?.eventId ?? null);
      const counts = {
        deliveries: deliveries + substituteMails,
        publicEvents: feed.publicEvents,
        webhookDeliveries: feed.webhookDeliveries,
      };
      await tx.$executeRaw`
        INSERT INTO erasure_receipts (erasure_id, registration_id, reason, left_at, erased_at, deliveries, public_events,
                                      webhook_deliveries)
        VALUES (${erasureId}::uuid, ${registrationId}::uuid, ${erasure.reason}, ${leftAt}::timestamptz, ${new Date(erasure.erasedAt)},
                ${counts.deliveries}, ${counts.publicEvents}, ${counts.webhookDeliveries})
        ON CONFLICT (erasure_id, registration_id) DO UPDATE
           SET deliveries = erasure_receipts.deliveries + EXCLUDED.deliveries,
               public_events = erasure_receipts.public_events + EXCLUDED.public_events,
               webhook_deliveries = erasure_receipts.webhook_deliveries + EXCLUDED.webhook_deliveries,
               last_applied_at = now()`;
      logger.info({ erasureId, registrationId, reason: erasure.reason, leftAt: erasure.leftAt, ...counts }, 'erasure: applied');
    },

    /** Whether this erasure was applied here to every one of the registrations (none asked: true). */
    completed: (erasureId: string, registrationIds: readonly string[]) => erasureReceiptsCover(prismaSql(db), erasureId, registrationIds),
  };
}
export type Erasures = ReturnType<typeof erasures>;

/**
 * The first substitution of the registration at or after `leftAt`, from its mails or its feed entry: the one the
 * person left with. Compared by the event's time, which registration records when it appends the substitution, at or
 * just after the decision's `substitutedAt` (`leftAt` is one of the two). The person's name comes from the mail that
 * told them (its `toName`) or the entry's `previousParticipant`, whichever still has it.
 */
async function leavingSubstitution(tx: Tx, registrationId: string, leftAt: Date): Promise<Leaving | null> {
  const [found] = await tx.$queryRaw<{ event_id: string }[]>`
    SELECT event_id FROM (
      SELECT trigger_event_id AS event_id, occurred_at FROM deliveries
       WHERE registration_id = ${registrationId}::uuid AND template IN ('substitute-confirmed', 'substitute-replaced')
         AND occurred_at >= ${leftAt}
      UNION ALL
      SELECT event_id, occurred_at FROM public_events
       WHERE ordering_key = ${registrationId} AND type = 'registration.substituted' AND occurred_at >= ${leftAt}
    ) substitutions ORDER BY occurred_at, event_id LIMIT 1`;
  if (!found) return null;
  const [named] = await tx.$queryRaw<{ name: string | null }[]>`
    SELECT coalesce(
             (SELECT payload->>'toName' FROM deliveries
               WHERE trigger_event_id = ${found.event_id} AND template = 'substitute-replaced' AND payload->>'toName' <> ''
               LIMIT 1),
             (SELECT concat_ws(' ', payload::jsonb #>> '{data,previousParticipant,firstName}',
                                    payload::jsonb #>> '{data,previousParticipant,lastName}')
                FROM public_events WHERE event_id = ${found.event_id} AND payload::jsonb #> '{data,previousParticipant}' ? 'lastName')
           ) AS name`;
  return { eventId: found.event_id, name: named?.name ?? null };
}

/**
 * The substitute's confirmation names the person replaced ("als Ersatz für …"): that name becomes "eine andere
 * Person", as a mail written after the erasure says it; the rest of the substitute's mail stays. Its bodies are purged
 * after 30 days like every mail's; the name comes from the other side's mail or the feed, purged no earlier.
 */
async function unnameInSubstituteMail(tx: Tx, registrationId: string, eventId: string, name: string): Promise<number> {
  const html = escapeHtml(name);
  return tx.$executeRaw`
    UPDATE deliveries
       SET payload = payload || jsonb_build_object('text', replace(payload->>'text', ${name}, ${ANOTHER_PERSON}),
                                                   'html', replace(payload->>'html', ${html}, ${ANOTHER_PERSON}))
     WHERE registration_id = ${registrationId}::uuid AND trigger_event_id = ${eventId} AND template = 'substitute-confirmed'
       AND (strpos(payload->>'text', ${name}) > 0 OR strpos(payload->>'html', ${html}) > 0)`;
}

/**
 * The person's mails (all the registration's, or those of events before `leftAt` and the notice of the substitution
 * they left with), resends included: no recipient, no name, no bodies or attachments, no mail server answer (which may
 * quote the address). Who got which template when stays, as after the retention purge. A mail not yet sent is never
 * sent (`erased`); one being handed to the mail server at this moment cannot be called back.
 */
async function blankDeliveries(tx: Tx, registrationId: string, leftAt: Date | null, leavingEventId: string | null): Promise<number> {
  return tx.$executeRaw`
    UPDATE deliveries
       SET recipient = '', last_error = NULL,
           payload = ${JSON.stringify(PURGED_PAYLOAD)}::jsonb || jsonb_build_object('erasedAt', now()),
           status = CASE WHEN status = 'pending' THEN 'erased' ELSE status END
     WHERE registration_id = ${registrationId}::uuid
       AND (${leftAt}::timestamptz IS NULL OR occurred_at < ${leftAt}
            OR (trigger_event_id = ${leavingEventId} AND template = 'substitute-replaced'))
       AND NOT (payload ? 'erasedAt')`;
}

/**
 * The registration's feed entries (webhook payloads) name `{ "erased": true }` instead of the person: all of them, or
 * those before `leftAt` and, in the substitution they left with, the person replaced. The JSON text is rewritten as the
 * feed writes it. Webhook deliveries of those entries forget the partner's answer, which may echo the payload.
 */
async function blankFeed(
  tx: Tx,
  registrationId: string,
  leftAt: Date | null,
  leavingEventId: string | null,
): Promise<{ publicEvents: number; webhookDeliveries: number }> {
  const rows = await tx.$queryRaw<{ position: bigint; event_id: string; payload: string }[]>`
    SELECT position, event_id, payload FROM public_events
     WHERE ordering_key = ${registrationId} AND type LIKE 'registration.%'
       AND (${leftAt}::timestamptz IS NULL OR occurred_at < ${leftAt} OR event_id = ${leavingEventId})
     FOR UPDATE`;
  let publicEvents = 0;
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { data?: Record<string, unknown> };
    const data = payload.data ?? {};
    const people = row.event_id === leavingEventId ? (['previousParticipant'] as const) : PEOPLE;
    const named = people.filter((key) => key in data && !isErasedMarker(data[key]));
    if (named.length === 0) continue;
    for (const key of named) data[key] = ERASED;
    await tx.$executeRaw`UPDATE public_events SET payload = ${JSON.stringify(payload)} WHERE position = ${row.position}`;
    publicEvents += 1;
  }
  const positions = rows.map((r) => r.position);
  const webhookDeliveries =
    positions.length === 0
      ? 0
      : await tx.$executeRaw`
          UPDATE webhook_deliveries SET response_body = NULL
           WHERE event_position = ANY(${positions.map(String)}::bigint[]) AND response_body IS NOT NULL`;
  return { publicEvents, webhookDeliveries };
}

const isErasedMarker = (value: unknown) => typeof value === 'object' && value !== null && 'erased' in value;
