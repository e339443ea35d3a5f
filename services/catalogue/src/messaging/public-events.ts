import {
  type EventMessage,
  OfferingCancelled,
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingRescheduled,
  OfferingScheduled,
  SeminarCreated,
  SeminarUpdated,
} from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import type { CatalogueEvent } from '../domain/catalogue.ts';

export const SOURCE = '/seminarwerk/catalogue';

export interface SeminarFacts {
  id: string;
  title: string;
  feeCents: number;
  vat: string;
  cancellationTerms: unknown;
}

/** Maps internal catalogue events to the public contracts (docs/events.md). */
export function toPublicEvent(
  event: CatalogueEvent,
  seminar: SeminarFacts,
  meta: { eventId: string; time: Date; correlationId?: string },
): EventMessage {
  const common = { source: SOURCE, id: meta.eventId, time: meta.time, correlationId: meta.correlationId };
  const fee = { amountCents: seminar.feeCents, currency: 'EUR' as const };
  switch (event.type) {
    case 'SeminarCreated': {
      const d = event.data;
      const data = SeminarCreated.data.parse({
        seminarId: d.seminarId,
        title: d.title,
        topic: d.topic,
        fee,
        vat: d.vat,
        cancellationTerms: d.cancellationTerms,
      });
      return {
        topic: SeminarCreated.topic,
        key: d.seminarId,
        event: cloudEvent({ ...common, type: SeminarCreated.type, subject: d.seminarId, data }),
      };
    }
    case 'OfferingScheduled': {
      const d = event.data;
      const data = OfferingScheduled.data.parse(offeringFacts(d, seminar));
      return {
        topic: OfferingScheduled.topic,
        key: d.offeringId,
        event: cloudEvent({ ...common, type: OfferingScheduled.type, subject: d.offeringId, data }),
      };
    }
    case 'SeminarUpdated': {
      const d = event.data;
      const data = SeminarUpdated.data.parse({ seminarId: d.seminarId, changes: d.changes, updatedAt: d.updatedAt });
      return {
        topic: SeminarUpdated.topic,
        key: d.seminarId,
        event: cloudEvent({ ...common, type: SeminarUpdated.type, subject: d.seminarId, data }),
      };
    }
    case 'OfferingPublished': {
      const d = event.data;
      const data = OfferingPublished.data.parse(offeringFacts(d, seminar));
      return {
        topic: OfferingPublished.topic,
        key: d.offeringId,
        event: cloudEvent({ ...common, type: OfferingPublished.type, subject: d.offeringId, data }),
      };
    }
    case 'OfferingCapacityChanged': {
      const d = event.data;
      const data = OfferingCapacityChanged.data.parse({
        offeringId: d.offeringId,
        capacity: d.capacity,
        previousCapacity: d.previousCapacity,
        changedAt: d.changedAt,
      });
      return {
        topic: OfferingCapacityChanged.topic,
        key: d.offeringId,
        event: cloudEvent({ ...common, type: OfferingCapacityChanged.type, subject: d.offeringId, data }),
      };
    }
    case 'OfferingRescheduled': {
      const d = event.data;
      const data = OfferingRescheduled.data.parse({
        offeringId: d.offeringId,
        seminarId: d.seminarId,
        seminarTitle: seminar.title,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        venue: d.venue,
        registrationDeadline: d.registrationDeadline,
        sessions: d.sessions,
        previous: { startsAt: d.previous.startsAt, endsAt: d.previous.endsAt, venue: d.previous.venue },
        rescheduledAt: d.rescheduledAt,
      });
      return {
        topic: OfferingRescheduled.topic,
        key: d.offeringId,
        event: cloudEvent({ ...common, type: OfferingRescheduled.type, subject: d.offeringId, data }),
      };
    }
    case 'OfferingCancelled': {
      const d = event.data;
      const data = OfferingCancelled.data.parse({
        offeringId: d.offeringId,
        seminarId: d.seminarId,
        reason: d.reason,
        cancelledAt: d.cancelledAt,
      });
      return {
        topic: OfferingCancelled.topic,
        key: d.offeringId,
        event: cloudEvent({ ...common, type: OfferingCancelled.type, subject: d.offeringId, data }),
      };
    }
  }
}

/** What scheduled and published offerings tell: the date with the seminar's fee and terms. */
function offeringFacts(d: Extract<CatalogueEvent, { type: 'OfferingScheduled' | 'OfferingPublished' }>['data'], seminar: SeminarFacts) {
  const { offeringId, seminarId, startsAt, endsAt, venue, onlineLink, capacity, registrationDeadline, status, sessions } = d;
  return {
    ...{ offeringId, seminarId, startsAt, endsAt, venue, onlineLink, capacity, registrationDeadline, status, sessions },
    seminarTitle: seminar.title,
    fee: { amountCents: seminar.feeCents, currency: 'EUR' as const },
    vat: seminar.vat,
    cancellationTerms: seminar.cancellationTerms,
  };
}
