import { assertNever } from '@seminarwerk/decider';
import type { Recorded } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import { isErased } from '../domain/booking.ts';
import type { OfferingEvent } from '../domain/events.ts';
import type { KnownOffering } from '../domain/offering.ts';

/** Keeps the `registrations` read model in step with the offering stream, in the same transaction. */
export async function project(tx: Tx, recorded: readonly Recorded<OfferingEvent>[], state: KnownOffering) {
  // New registrations are inserted together (a rush decides up to a hundred in one transaction);
  // pending inserts are written before any update, so the order of events is kept.
  let created: NewRow[] = [];
  const flush = async () => {
    if (created.length > 0) await insertRegistrations(tx, created);
    created = [];
  };
  for (const event of recorded) {
    const at = event.recordedAt;
    switch (event.type) {
      case 'OfferingOpened':
      case 'CapacityChanged':
      case 'OfferingRescheduled':
      case 'OfferingCancelled':
        break; // offering-level facts: no registration row changes
      case 'RegistrationConfirmed':
      case 'RegistrationWaitlisted': {
        const { registrationId, participant, bookedBy, municipalityId, purchaseOrderReference } = event.data;
        if (event.type === 'RegistrationConfirmed' && event.data.via === 'waitlist') {
          await flush();
          await tx.registration.update({ where: { id: registrationId }, data: { status: 'confirmed', waitlistSeq: null, updatedAt: at } });
          break;
        }
        const waitlisted = event.type === 'RegistrationWaitlisted';
        const person = isErased(participant) ? NOBODY : participant;
        created.push({
          id: registrationId,
          offering_id: state.terms.offeringId,
          municipality_id: municipalityId,
          booked_by: bookedBy,
          purchase_order_reference: purchaseOrderReference ?? null,
          status: waitlisted ? 'waitlisted' : 'confirmed',
          first_name: person.firstName,
          last_name: person.lastName,
          email: person.email,
          waitlist_seq: waitlisted ? event.version : null,
          erased_at: isErased(participant) ? at.toISOString() : null,
          at: at.toISOString(),
        });
        break;
      }
      case 'RegistrationCancelled': {
        await flush();
        const { registrationId, reason, classification } = event.data;
        await tx.registration.update({
          where: { id: registrationId },
          data: { status: 'cancelled', waitlistSeq: null, cancellation: { reason, ...classification }, updatedAt: at },
        });
        break;
      }
      case 'RegistrationSubstituted': {
        await flush();
        const { registrationId, participant } = event.data;
        const person = isErased(participant) ? NOBODY : participant;
        await tx.registration.update({
          where: { id: registrationId },
          data: {
            firstName: person.firstName,
            lastName: person.lastName,
            email: person.email,
            erasedAt: isErased(participant) ? at : null,
            attended: null,
            updatedAt: at,
          },
        });
        break;
      }
      case 'AttendanceRecorded':
        await flush();
        await tx.registration.update({ where: { id: event.data.registrationId }, data: { attended: event.data.attended, updatedAt: at } });
        break;
      case 'ParticipantErased': {
        await flush();
        if (event.data.leftAt !== null) break; // the row names the substitute
        await tx.registration.update({
          where: { id: event.data.registrationId },
          data: { ...NOBODY, erasedAt: at, updatedAt: at },
        });
        break;
      }
      default:
        assertNever(event, 'event');
    }
  }
  await flush();
}

/** What the read model keeps of an erased person: nothing (the columns are NOT NULL; `erased_at` says why). */
const NOBODY = { firstName: '', lastName: '', email: '' };

interface NewRow {
  id: string;
  offering_id: string;
  municipality_id: string | null;
  booked_by: unknown;
  purchase_order_reference: string | null;
  status: 'confirmed' | 'waitlisted';
  first_name: string;
  last_name: string;
  email: string;
  waitlist_seq: number | null;
  erased_at: string | null;
  at: string;
}

/** New registrations in one statement: Prisma's createMany compiled and serialised every one of a rush's batches. */
async function insertRegistrations(tx: Tx, rows: readonly NewRow[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO registrations (id, offering_id, municipality_id, booked_by, purchase_order_reference, status, first_name,
                               last_name, email, waitlist_seq, erased_at, created_at, updated_at)
    SELECT r.id, r.offering_id, r.municipality_id, r.booked_by, r.purchase_order_reference, r.status, r.first_name,
           r.last_name, r.email, r.waitlist_seq, r.erased_at, r.at, r.at
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id uuid, offering_id uuid, municipality_id text,
           booked_by jsonb, purchase_order_reference text, status text, first_name text, last_name text, email text,
           waitlist_seq int, erased_at timestamptz, at timestamptz)`;
}
