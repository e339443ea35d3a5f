import { withoutOthers } from '@seminarwerk/contracts/api';
import { prismaSql } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import { emailDigest, openEvents, PERSON_FIELDS } from '../privacy/sealing.ts';

/**
 * What registration holds about one person (DSGVO Art. 15), for the access export: the registrations booked for the
 * e-mail address (any case), and the events of the offering streams about them, opened, including a registration the
 * person was substituted out of (found by the keys that sealed them). Another person an event names (the substitute,
 * or the one replaced) is left out.
 */
export function subjectData(db: Db) {
  return async (email: string) => {
    const registrations = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT id, offering_id AS "offeringId", municipality_id AS "municipalityId", booked_by AS "bookedBy",
             purchase_order_reference AS "purchaseOrderReference", status, first_name AS "firstName",
             last_name AS "lastName", email, attended, cancellation, created_at AS "createdAt", updated_at AS "updatedAt"
        FROM registrations WHERE lower(email) = lower(${email}) ORDER BY created_at, id`;
    const sealedFor = await db.participantKey.findMany({ where: { emailDigest: emailDigest(email) }, select: { registrationId: true } });
    const concerned = [...new Set([...registrations.map((r) => String(r.id)), ...sealedFor.map((k) => k.registrationId)])];
    const stored = await db.$queryRaw<
      { streamId: string; type: string; data: Record<string, unknown>; metadata: unknown; recordedAt: Date }[]
    >`
      SELECT stream_id AS "streamId", type, data, metadata, recorded_at AS "recordedAt"
        FROM events
       WHERE stream_id LIKE 'offering-%' AND data->>'registrationId' = ANY(${concerned}::text[])
       ORDER BY global_position`;
    const events = await openEvents(prismaSql(db), stored);
    const registrationIds = [...new Set([...registrations.map((r) => String(r.id)), ...events.map((e) => String(e.data.registrationId))])];
    return {
      registrationIds,
      registrations,
      events: events.map((event) => ({ ...event, data: withoutOthers(event.data as Record<string, unknown>, email, PERSON_FIELDS) })),
    };
  };
}
