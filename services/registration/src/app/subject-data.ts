import { withoutOthers } from '@seminarwerk/contracts/api';
import type { Db } from '../db.ts';

/** Who an event names besides the registration it is about: a participant, or the one a substitute replaced. */
const PEOPLE = ['participant', 'previous'];

/**
 * What registration holds about one person (DSGVO Art. 15), for the access export: the registrations booked for the
 * e-mail address (any case), and the events of the offering streams about them, including a registration the person
 * was substituted out of. Another person an event names (the substitute, or the one replaced) is left out.
 */
export function subjectData(db: Db) {
  return async (email: string) => {
    const registrations = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT id, offering_id AS "offeringId", municipality_id AS "municipalityId", booked_by AS "bookedBy",
             purchase_order_reference AS "purchaseOrderReference", status, first_name AS "firstName",
             last_name AS "lastName", email, attended, cancellation, created_at AS "createdAt", updated_at AS "updatedAt"
        FROM registrations WHERE lower(email) = lower(${email}) ORDER BY created_at, id`;
    const events = await db.$queryRaw<
      { streamId: string; type: string; data: Record<string, unknown>; metadata: unknown; recordedAt: Date }[]
    >`
      WITH concerned AS (
        SELECT id::text AS registration_id FROM registrations WHERE lower(email) = lower(${email})
        UNION
        SELECT data->>'registrationId' FROM events
         WHERE stream_id LIKE 'offering-%'
           AND (lower(data->'participant'->>'email') = lower(${email}) OR lower(data->'previous'->>'email') = lower(${email}))
      )
      SELECT stream_id AS "streamId", type, data, metadata, recorded_at AS "recordedAt"
        FROM events
       WHERE stream_id LIKE 'offering-%' AND data->>'registrationId' IN (SELECT registration_id FROM concerned)
       ORDER BY global_position`;
    const registrationIds = [...new Set([...registrations.map((r) => String(r.id)), ...events.map((e) => String(e.data.registrationId))])];
    return {
      registrationIds,
      registrations,
      events: events.map((event) => ({ ...event, data: withoutOthers(event.data, email, PEOPLE) })),
    };
  };
}
