import { type Decision, type Rejection, reject as rejection } from '@seminarwerk/decider';
import type { BackOffice, Booker, Booking, NewBooking, Person } from './booking.ts';
import type { ErasureFacts, OfferingEvent } from './events.ts';
import type { OfferingTerms } from './terms.ts';

/** Everything the offering stream decides. Time comes in as `now`; who may give a command is checked before. */
export type OfferingCommand =
  | { type: 'OpenOffering'; terms: OfferingTerms; now: Date }
  | { type: 'Register'; booking: NewBooking; now: Date }
  /** The participant's cancellation, given by the booking municipality or the back office. */
  | { type: 'Cancel'; registrationId: string; by: Booker; now: Date }
  | { type: 'Substitute'; registrationId: string; participant: Person; now: Date }
  | { type: 'ChangeCapacity'; capacity: number; now: Date }
  | {
      /** A new date or place; `onlineLink` as the date has it now (left out: none); without `registrationDeadline` the deadline stays. */
      type: 'RescheduleOffering';
      startsAt: string;
      endsAt: string;
      venue: string;
      onlineLink?: string;
      registrationDeadline?: string;
      now: Date;
    }
  | { type: 'CancelOffering'; by: BackOffice; now: Date }
  | { type: 'RecordAttendance'; registrationId: string; attended: boolean; now: Date }
  /** Forget the person of a registration (erasure request or retention); the place and its history stay. */
  | ({ type: 'EraseParticipant'; now: Date } & ErasureFacts);

export type CommandOf<T extends OfferingCommand['type']> = Extract<OfferingCommand, { type: T }>;

export type RejectionCode =
  | 'offering-not-open'
  | 'offering-cancelled'
  | 'registration-closed'
  | 'already-registered'
  | 'registration-id-taken'
  | 'registration-not-found'
  | 'already-cancelled'
  | 'not-confirmed'
  | 'substitute-not-allowed'
  | 'attendance-too-early';

/**
 * A refusal of the offering's rules. `registrationId` names the registration it is about (e.g. the place the person
 * already holds), and `registrationMunicipalityId` whose it is (null: the back office booked it for nobody): the edge
 * tells the id only to that municipality and the back office.
 */
export interface OfferingRejection extends Rejection<RejectionCode> {
  readonly registrationId?: string;
  readonly registrationMunicipalityId?: string | null;
}

export type OfferingDecision = Decision<OfferingEvent, OfferingRejection>;

/** A refusal; `about` is the registration it concerns, named with the municipality it belongs to. */
export const reject = (
  code: RejectionCode,
  detail: string,
  about?: Pick<Booking, 'registrationId' | 'municipalityId'>,
): OfferingRejection => ({
  ...rejection(code, detail),
  ...(about ? { registrationId: about.registrationId, registrationMunicipalityId: about.municipalityId } : {}),
});
