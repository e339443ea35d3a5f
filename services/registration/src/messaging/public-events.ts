import {
  AttendanceRecorded,
  AvailabilityChanged,
  type EventMessage,
  ParticipantErased,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import type { Recorded } from '@seminarwerk/postgres';
import type { EventOf, OfferingEvent } from '../domain/events.ts';
import { isActive, type KnownOffering, type Seat, seatsAvailable } from '../domain/offering.ts';

export const SOURCE = '/seminarwerk/registration';

/**
 * Maps the events of one decision to public contracts (docs/events.md): one event per registration
 * change, keyed by the offering so its events stay in order, then the offering's seats after it all.
 * Facts about a registration (participant, booking, date) are taken from the state after the decision.
 */
export function toPublicEvents(recorded: readonly Recorded<OfferingEvent>[], state: KnownOffering): EventMessage[] {
  const messages = recorded.flatMap((event) => publicEventsOf(event, state));
  const last = recorded.at(-1);
  if (last) {
    const data = AvailabilityChanged.data.parse({
      offeringId: state.terms.offeringId,
      capacity: state.terms.capacity,
      confirmed: state.confirmed,
      waitlisted: state.waitlist.length,
      seatsAvailable: seatsAvailable(state),
      version: last.version,
    });
    messages.push(message(AvailabilityChanged.type, `${last.id}.availability`, state, state.terms.offeringId, data, last));
  }
  return messages;
}

function publicEventsOf(event: Recorded<OfferingEvent>, state: KnownOffering): EventMessage[] {
  const facts = (seat: Seat) => ({
    registrationId: seat.registrationId,
    offeringId: state.terms.offeringId,
    municipalityId: seat.municipalityId,
    participant: seat.participant,
    bookedBy: seat.bookedBy,
    offering: state.terms.snapshot,
  });
  const seatOf = (registrationId: string) => state.registrations.get(registrationId);
  const send = (type: string, seat: Seat, data: unknown, id = event.id) => message(type, id, state, seat.registrationId, data, event);
  switch (event.type) {
    case 'OfferingOpened':
    case 'CapacityChanged':
    case 'OfferingCancelled':
      return []; // seats and capacity travel in the availability event
    case 'RegistrationConfirmed': {
      const seat = seatOf(event.data.registrationId);
      if (!seat) return [];
      const { fee, via, confirmedAt } = event.data;
      // Invoicing takes the reference from here (BT-13); a promotion from the waiting list carries the booking's.
      const { purchaseOrderReference } = seat;
      const data = RegistrationConfirmed.data.parse({
        ...facts(seat),
        fee,
        vat: state.terms.vat,
        ...(purchaseOrderReference ? { purchaseOrderReference } : {}),
        via,
        confirmedAt,
      });
      return [send(RegistrationConfirmed.type, seat, data)];
    }
    case 'RegistrationWaitlisted': {
      const seat = seatOf(event.data.registrationId);
      if (!seat) return [];
      const { position, waitlistedAt } = event.data;
      return [send(RegistrationWaitlisted.type, seat, RegistrationWaitlisted.data.parse({ ...facts(seat), position, waitlistedAt }))];
    }
    case 'RegistrationCancelled': {
      const seat = seatOf(event.data.registrationId);
      if (!seat) return [];
      const { previousStatus, reason, classification, cancelledAt } = event.data;
      const data = RegistrationCancelled.data.parse({ ...facts(seat), previousStatus, reason, classification, cancelledAt });
      return [send(RegistrationCancelled.type, seat, data)];
    }
    case 'RegistrationSubstituted': {
      const seat = seatOf(event.data.registrationId);
      if (!seat) return [];
      const { previous, substitutedAt } = event.data;
      return [send(RegistrationSubstituted.type, seat, RegistrationSubstituted.data.parse({ ...facts(seat), previous, substitutedAt }))];
    }
    case 'AttendanceRecorded': {
      const seat = seatOf(event.data.registrationId);
      if (!seat) return [];
      const { attended, recordedAt } = event.data;
      return [send(AttendanceRecorded.type, seat, AttendanceRecorded.data.parse({ ...facts(seat), attended, recordedAt }))];
    }
    case 'ParticipantErased': {
      const seat = seatOf(event.data.registrationId);
      if (!seat) return [];
      return [send(ParticipantErased.type, seat, participantErasedData(event.data, state.terms.offeringId, seat.municipalityId))];
    }
    case 'OfferingRescheduled': {
      // One event per active registration, so notification can send each participant an updated invite.
      // A new meeting link alone only concerns the confirmed: the waiting list never gets the link.
      const { previous, snapshot } = event.data;
      const onlyTheLink =
        previous.startsAt === snapshot.startsAt && previous.endsAt === snapshot.endsAt && previous.venue === snapshot.venue;
      const concerned = (seat: Seat) => isActive(seat) && (!onlyTheLink || seat.status === 'confirmed');
      return [...state.registrations.values()].filter(concerned).map((seat) =>
        send(
          RegistrationRescheduled.type,
          seat,
          RegistrationRescheduled.data.parse({
            ...facts(seat),
            status: seat.status,
            previous,
            rescheduledAt: event.data.rescheduledAt,
          }),
          `${event.id}.${seat.registrationId}`,
        ),
      );
    }
  }
}

/** The public erased event: ids only, so every service blanks its copies of the person for this registration. */
export function participantErasedData(
  { registrationId, erasureId, reason, leftAt, erasedAt }: EventOf<'ParticipantErased'>['data'],
  offeringId: string,
  municipalityId: string | null,
) {
  return ParticipantErased.data.parse({ registrationId, offeringId, municipalityId, erasureId, reason, leftAt, erasedAt });
}

function message(
  type: string,
  id: string,
  state: KnownOffering,
  subject: string,
  data: unknown,
  cause: Recorded<OfferingEvent>,
): EventMessage {
  const key = state.terms.offeringId;
  // The trace of the request or event that caused it, as recorded with the stored event.
  const { correlationId, causationId } = cause.metadata;
  return {
    topic: AvailabilityChanged.topic,
    key,
    event: cloudEvent({ type, id, source: SOURCE, subject, data, time: cause.recordedAt, correlationId, causationId }),
  };
}
