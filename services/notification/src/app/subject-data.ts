import { withoutOthers } from '@seminarwerk/contracts/api';
import type { Db } from '../db.ts';

/**
 * What notification holds about one person (DSGVO Art. 15), for the access export: the e-mails sent to the address
 * (any case), with their bodies and attachments while the log keeps them (30 days), and the event feed's entries about
 * the person's registrations (webhook payloads, as sent to their municipality).
 */
export function subjectData(db: Db) {
  return async (email: string, registrationIds: readonly string[]) => {
    const deliveries = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT id, template, registration_id AS "registrationId", invoice_id AS "invoiceId", recipient, subject, payload,
             status, attempts, sent_at AS "sentAt", message_id AS "messageId", resend_of AS "resendOf",
             created_at AS "createdAt"
        FROM deliveries WHERE lower(recipient) = lower(${email}) ORDER BY created_at, id`;
    const publicEvents =
      registrationIds.length === 0
        ? []
        : await db.$queryRaw<{ payload: { data?: Record<string, unknown> } }[]>`
            SELECT event_id AS "eventId", type, municipality_id AS "municipalityId", ordering_key AS "registrationId",
                   occurred_at AS "occurredAt", payload::jsonb AS payload
              FROM public_events WHERE ordering_key = ANY(${[...registrationIds]}::text[]) ORDER BY position`;
    return {
      deliveries,
      publicEvents: publicEvents.map(({ payload, ...event }) => ({
        ...event,
        payload: payload.data ? { ...payload, data: withoutOthers(payload.data, email, PEOPLE) } : payload,
      })),
    };
  };
}

/** Who a registration's webhook payload names: the participant, and on a substitution the person replaced. */
const PEOPLE = ['participant', 'previousParticipant'];
