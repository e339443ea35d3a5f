import type { CloudEvent } from '@seminarwerk/contracts';
import {
  type DataOf,
  OfferingCancelled,
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingRescheduled,
  OfferingScheduled,
} from '@seminarwerk/contracts';
import type { EventHandler } from '@seminarwerk/messaging';
import { prismaSql, recordProcessed } from '@seminarwerk/postgres';
import type { RegistrationService } from '../app/registration-service.ts';
import type { Db, Tx } from '../db.ts';

export const CONSUMER = 'registration';

/** Catalogue events become commands on the offering's stream, each once (inbox) in one transaction. */
export function registrationHandlers(db: Db, registrations: RegistrationService): Record<string, EventHandler> {
  const once = (event: CloudEvent, effect: (tx: Tx) => Promise<void>) =>
    db.$transaction(async (tx) => {
      if (await recordProcessed(prismaSql(tx), CONSUMER, event.id)) await effect(tx);
    });
  const now = (event: CloudEvent) => new Date(event.time);
  return {
    [OfferingScheduled.type]: (event) =>
      once(event, (tx) => registrations.openOffering(tx, event.data as DataOf<typeof OfferingScheduled>)),
    /** A draft went public: it opens like a date published at once (same data). */
    [OfferingPublished.type]: (event) =>
      once(event, (tx) => registrations.openOffering(tx, event.data as DataOf<typeof OfferingPublished>)),
    [OfferingCapacityChanged.type]: (event) =>
      once(event, (tx) => {
        const { offeringId, capacity } = event.data as DataOf<typeof OfferingCapacityChanged>;
        return registrations.fromCatalogue(tx, offeringId, { type: 'ChangeCapacity', capacity, now: now(event) });
      }),
    [OfferingRescheduled.type]: (event) =>
      once(event, (tx) => {
        const { offeringId, startsAt, endsAt, venue, onlineLink, registrationDeadline } = event.data as DataOf<typeof OfferingRescheduled>;
        return registrations.fromCatalogue(tx, offeringId, {
          type: 'RescheduleOffering',
          startsAt,
          endsAt,
          venue,
          ...(onlineLink ? { onlineLink } : {}),
          registrationDeadline,
          now: now(event),
        });
      }),
    [OfferingCancelled.type]: (event) =>
      once(event, (tx) => {
        const { offeringId } = event.data as DataOf<typeof OfferingCancelled>;
        return registrations.fromCatalogue(tx, offeringId, {
          type: 'CancelOffering',
          by: { kind: 'back-office', actor: 'catalogue' },
          now: now(event),
        });
      }),
  };
}
