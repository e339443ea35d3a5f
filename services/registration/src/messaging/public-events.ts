import {
  AvailabilityChanged,
  type EventMessage,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import type { StoredEvent } from '@seminarwerk/postgres';
import type { OfferingEvent } from '../domain/events.ts';
import { type Offering, seatsAvailable, waitlistPosition } from '../domain/offering.ts';

export const SOURCE = '/seminarwerk/registration';

type OpenOffering = Extract<Offering, { status: 'open' }>;

/**
 * Maps the events of one decision to public contracts (docs/events.md): one event per registration
 * change, keyed by the offering so its events stay in order, then the offering's seats after it all.
 */
export function toPublicEvents(stored: readonly StoredEvent[], state: OpenOffering, correlationId: string | undefined): EventMessage[] {
  const messages = stored.flatMap((s) => registrationEvent(s, state, correlationId));
  const last = stored.at(-1);
  if (last) {
    const data = AvailabilityChanged.data.parse({
      offeringId: state.terms.offeringId,
      capacity: state.terms.capacity,
      confirmed: state.confirmed,
      waitlisted: state.waitlist.length,
      seatsAvailable: seatsAvailable(state),
      version: last.version,
    });
    messages.push(
      message(
        AvailabilityChanged.type,
        `${last.id}.availability`,
        state.terms.offeringId,
        state.terms.offeringId,
        data,
        last.recordedAt,
        correlationId,
      ),
    );
  }
  return messages;
}

function registrationEvent(stored: StoredEvent, state: OpenOffering, correlationId: string | undefined): EventMessage[] {
  const event = { type: stored.type, data: stored.data } as OfferingEvent;
  if (event.type === 'OfferingOpened') return [];
  const registrationId = event.data.registrationId;
  const seat = state.registrations.get(registrationId);
  if (!seat) return [];
  const facts = {
    registrationId,
    offeringId: state.terms.offeringId,
    municipalityId: seat.municipalityId,
    participant: seat.participant,
    bookedBy: seat.bookedBy,
    offering: state.terms.snapshot,
  };
  const send = (type: string, data: unknown) =>
    message(type, stored.id, state.terms.offeringId, registrationId, data, stored.recordedAt, correlationId);
  switch (event.type) {
    case 'RegistrationConfirmed':
      return [
        send(
          RegistrationConfirmed.type,
          RegistrationConfirmed.data.parse({
            ...facts,
            fee: event.data.fee,
            vat: state.terms.vat,
            via: event.data.via,
            confirmedAt: event.data.confirmedAt,
          }),
        ),
      ];
    case 'RegistrationWaitlisted':
      return [
        send(
          RegistrationWaitlisted.type,
          RegistrationWaitlisted.data.parse({
            ...facts,
            // The position at the moment of waitlisting; later positions are read from the API.
            position: waitlistPosition(state, registrationId) ?? state.waitlist.length,
            waitlistedAt: event.data.waitlistedAt,
          }),
        ),
      ];
    case 'RegistrationCancelled':
      return [
        send(
          RegistrationCancelled.type,
          RegistrationCancelled.data.parse({ ...facts, previousStatus: event.data.previousStatus, cancelledAt: event.data.cancelledAt }),
        ),
      ];
  }
}

function message(type: string, id: string, key: string, subject: string, data: unknown, time: Date, correlationId?: string): EventMessage {
  return { topic: AvailabilityChanged.topic, key, event: cloudEvent({ type, id, source: SOURCE, subject, data, time, correlationId }) };
}
