import {
  type DataOf,
  OfferingCancelled,
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingRescheduled,
  OfferingScheduled,
} from '@seminarwerk/contracts';
import type { Inbox } from '@seminarwerk/postgres';
import type { RegistrationService } from '../app/registration-service.ts';
import type { Tx } from '../db.ts';
import type { OfferingTerms } from '../domain/terms.ts';

export const CONSUMER = 'registration';

/**
 * Catalogue events become commands on the offering's stream, decided in the inbox's transaction (each
 * event once). What the offering's rules refuse (e.g. a new capacity for a date that never opened) is
 * returned, so the inbox records and logs it instead of dropping it.
 */
export const consumeCatalogue =
  (registrations: RegistrationService) =>
  (on: Inbox<Tx>['on']): void => {
    on(OfferingScheduled, (data, { tx }) => openIfPublished(registrations, tx, data));
    /** A draft went public: it opens like a date published at once (same data). */
    on(OfferingPublished, (data, { tx }) => openIfPublished(registrations, tx, data));
    on(OfferingCapacityChanged, ({ offeringId, capacity }, { tx, event }) =>
      registrations.fromCatalogue(tx, offeringId, { type: 'ChangeCapacity', capacity, now: new Date(event.time) }),
    );
    on(OfferingRescheduled, ({ offeringId, startsAt, endsAt, venue, onlineLink, registrationDeadline }, { tx, event }) =>
      registrations.fromCatalogue(tx, offeringId, {
        type: 'RescheduleOffering',
        startsAt,
        endsAt,
        venue,
        ...(onlineLink ? { onlineLink } : {}),
        registrationDeadline,
        now: new Date(event.time),
      }),
    );
    on(OfferingCancelled, ({ offeringId }, { tx, event }) =>
      registrations.fromCatalogue(tx, offeringId, {
        type: 'CancelOffering',
        by: { kind: 'back-office', actor: 'catalogue' },
        now: new Date(event.time),
      }),
    );
  };

/** A draft stays closed (nothing to decide, so the event is handled, not refused): it opens when published. */
async function openIfPublished(registrations: RegistrationService, tx: Tx, offering: DataOf<typeof OfferingScheduled>) {
  if (offering.status !== 'published') return undefined;
  return registrations.openOffering(tx, termsOf(offering));
}

/** The catalogue's announcement of a date, as the terms the offering stream records. */
function termsOf(offering: DataOf<typeof OfferingScheduled>): OfferingTerms {
  return {
    offeringId: offering.offeringId,
    snapshot: {
      seminarId: offering.seminarId,
      title: offering.seminarTitle,
      startsAt: offering.startsAt,
      endsAt: offering.endsAt,
      venue: offering.venue,
      ...(offering.onlineLink ? { onlineLink: offering.onlineLink } : {}),
    },
    capacity: offering.capacity,
    registrationDeadline: offering.registrationDeadline,
    fee: offering.fee,
    vat: offering.vat,
    cancellationTerms: offering.cancellationTerms,
  };
}
