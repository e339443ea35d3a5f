import { assertNever } from '@seminarwerk/decider';
import type { Recorded } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { OfferingEvent } from '../domain/events.ts';
import type { KnownOffering } from '../domain/offering.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** Keeps the `registrations` read model in step with the offering stream, in the same transaction. */
export async function project(tx: Tx, recorded: readonly Recorded<OfferingEvent>[], state: KnownOffering) {
  // New registrations are inserted together (a rush decides up to a hundred in one transaction);
  // pending inserts are written before any update, so the order of events is kept.
  let created: Prisma.RegistrationCreateManyInput[] = [];
  const flush = async () => {
    if (created.length > 0) await tx.registration.createMany({ data: created });
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
        created.push({
          id: registrationId,
          offeringId: state.terms.offeringId,
          municipalityId,
          bookedBy,
          purchaseOrderReference: purchaseOrderReference ?? null,
          status: waitlisted ? 'waitlisted' : 'confirmed',
          firstName: participant.firstName,
          lastName: participant.lastName,
          email: participant.email,
          waitlistSeq: waitlisted ? event.version : null,
          createdAt: at,
          updatedAt: at,
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
        await flush();
        await tx.registration.update({ where: { id: event.data.registrationId }, data: { attended: event.data.attended, updatedAt: at } });
        break;
      default:
        assertNever(event, 'event');
    }
  }
  await flush();
}
