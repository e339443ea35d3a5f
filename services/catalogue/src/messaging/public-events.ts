import {
  type EventContract,
  type EventMessage,
  OfferingCancelled,
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingRescheduled,
  OfferingScheduled,
  SeminarCancelled,
  SeminarCreated,
  SeminarPublished,
  SeminarUpdated,
} from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import { locationLine } from '../domain/date-and-place.ts';
import type { CatalogueEvent } from '../domain/events.ts';
import type { Seminar } from '../domain/seminar.ts';
import type { OfferingFormat, Venue } from '../domain/types.ts';

export const SOURCE = '/seminarwerk/catalogue';

/** What offering events tell of their seminar: taken from the seminar as the decision left it. */
export type SeminarFacts = Pick<Seminar, 'title' | 'feeCents' | 'vat' | 'cancellationTerms'>;

/** Maps internal catalogue events to the public contracts (docs/events.md). */
export function toPublicEvent(
  event: CatalogueEvent,
  seminar: SeminarFacts,
  meta: { eventId: string; time: Date; correlationId?: string | undefined },
): EventMessage {
  const common = { source: SOURCE, id: meta.eventId, time: meta.time, correlationId: meta.correlationId };
  /** Validated against the contract, keyed and subjected by the aggregate id. */
  const send = (contract: EventContract, key: string, data: unknown): EventMessage => ({
    topic: contract.topic,
    key,
    event: cloudEvent({ ...common, type: contract.type, subject: key, data: contract.data.parse(data) }),
  });
  const fee = { amountCents: seminar.feeCents, currency: 'EUR' as const };
  switch (event.type) {
    case 'SeminarCreated': {
      const d = event.data;
      return send(SeminarCreated, d.seminarId, {
        seminarId: d.seminarId,
        title: d.title,
        topic: d.topic,
        fee,
        vat: d.vat,
        cancellationTerms: d.cancellationTerms,
        status: d.status,
      });
    }
    case 'SeminarPublished':
      return send(SeminarPublished, event.data.seminarId, event.data);
    case 'SeminarCancelled':
      return send(SeminarCancelled, event.data.seminarId, event.data);
    case 'OfferingScheduled': {
      const d = event.data;
      return send(OfferingScheduled, d.offeringId, offeringFacts(d, seminar));
    }
    case 'SeminarUpdated': {
      const d = event.data;
      return send(SeminarUpdated, d.seminarId, { seminarId: d.seminarId, changes: d.changes, updatedAt: d.updatedAt });
    }
    case 'OfferingPublished': {
      const d = event.data;
      return send(OfferingPublished, d.offeringId, offeringFacts(d, seminar));
    }
    case 'OfferingCapacityChanged': {
      const d = event.data;
      return send(OfferingCapacityChanged, d.offeringId, {
        offeringId: d.offeringId,
        capacity: d.capacity,
        previousCapacity: d.previousCapacity,
        changedAt: d.changedAt,
      });
    }
    case 'OfferingRescheduled': {
      const d = event.data;
      return send(OfferingRescheduled, d.offeringId, {
        offeringId: d.offeringId,
        seminarId: d.seminarId,
        seminarTitle: seminar.title,
        startsAt: d.startsAt,
        endsAt: d.endsAt,
        ...place(d.format, d.venue),
        onlineLink: d.onlineLink,
        registrationDeadline: d.registrationDeadline,
        sessions: d.sessions,
        previous: { startsAt: d.previous.startsAt, endsAt: d.previous.endsAt, venue: d.previous.location },
        rescheduledAt: d.rescheduledAt,
      });
    }
    case 'OfferingCancelled': {
      const d = event.data;
      return send(OfferingCancelled, d.offeringId, {
        offeringId: d.offeringId,
        seminarId: d.seminarId,
        reason: d.reason,
        cancelledAt: d.cancelledAt,
      });
    }
  }
}

/** The place in events: one line for people (`venue`), the format, and the venue structured (`address`). */
function place(format: OfferingFormat, venue: Venue | null | undefined) {
  return { venue: locationLine(format, venue), format, ...(venue && format === 'onsite' ? { address: venue } : {}) };
}

/** What scheduled and published offerings tell: the date with the seminar's fee and terms. */
function offeringFacts(d: Extract<CatalogueEvent, { type: 'OfferingScheduled' | 'OfferingPublished' }>['data'], seminar: SeminarFacts) {
  const { offeringId, seminarId, startsAt, endsAt, format, venue, onlineLink, capacity, registrationDeadline, status, sessions } = d;
  return {
    ...{ offeringId, seminarId, startsAt, endsAt, ...place(format, venue), onlineLink, capacity, registrationDeadline, status, sessions },
    seminarTitle: seminar.title,
    fee: { amountCents: seminar.feeCents, currency: 'EUR' as const },
    vat: seminar.vat,
    cancellationTerms: seminar.cancellationTerms,
  };
}
