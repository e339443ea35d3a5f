import type { StoredEvent } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { OfferingEvent } from '../domain/events.ts';
import type { KnownOffering } from '../domain/offering.ts';

/** Keeps the `registrations` read model in step with the offering stream, in the same transaction. */
export async function project(tx: Tx, stored: readonly StoredEvent[], state: KnownOffering) {
  for (const s of stored) {
    const event = { type: s.type, data: s.data } as OfferingEvent;
    const at = s.recordedAt;
    switch (event.type) {
      case 'OfferingOpened':
      case 'CapacityChanged':
      case 'OfferingRescheduled':
      case 'OfferingCancelled':
        break; // offering-level facts: no registration row changes
      case 'RegistrationConfirmed':
      case 'RegistrationWaitlisted': {
        const waitlisted = event.type === 'RegistrationWaitlisted';
        const { registrationId, participant, bookedBy, municipalityId } = event.data;
        const status = waitlisted ? 'waitlisted' : 'confirmed';
        await tx.registration.upsert({
          where: { id: registrationId },
          create: {
            id: registrationId,
            offeringId: state.terms.offeringId,
            municipalityId,
            bookedBy,
            status,
            firstName: participant.firstName,
            lastName: participant.lastName,
            email: participant.email,
            waitlistSeq: waitlisted ? s.version : null,
            createdAt: at,
            updatedAt: at,
          },
          update: { status, waitlistSeq: waitlisted ? s.version : null, updatedAt: at },
        });
        break;
      }
      case 'RegistrationCancelled': {
        const { registrationId, reason, classification } = event.data;
        await tx.registration.update({
          where: { id: registrationId },
          data: { status: 'cancelled', waitlistSeq: null, cancellation: { reason, ...classification }, updatedAt: at },
        });
        break;
      }
      case 'RegistrationSubstituted': {
        const { registrationId, participant } = event.data;
        await tx.registration.update({
          where: { id: registrationId },
          data: {
            firstName: participant.firstName,
            lastName: participant.lastName,
            email: participant.email,
            attended: null,
            updatedAt: at,
          },
        });
        break;
      }
      case 'AttendanceRecorded':
        await tx.registration.update({ where: { id: event.data.registrationId }, data: { attended: event.data.attended, updatedAt: at } });
        break;
      default:
        assertNever(event);
    }
  }
}

function assertNever(event: never): never {
  throw new Error(`No projection for ${JSON.stringify(event)}`);
}
