import type { StoredEvent } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { OfferingEvent } from '../domain/events.ts';
import type { Offering } from '../domain/offering.ts';

/** Keeps the `registrations` read model in step with the offering stream, in the same transaction. */
export async function project(tx: Tx, stored: readonly StoredEvent[], state: Extract<Offering, { status: 'open' }>) {
  for (const s of stored) {
    const event = { type: s.type, data: s.data } as OfferingEvent;
    const at = s.recordedAt;
    switch (event.type) {
      case 'OfferingOpened':
        break;
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
      case 'RegistrationCancelled':
        await tx.registration.update({
          where: { id: event.data.registrationId },
          data: { status: 'cancelled', waitlistSeq: null, updatedAt: at },
        });
        break;
    }
  }
}
