import type { Booker, Participant } from '@seminarwerk/contracts';
import type { BackOffice, Booking, OfferingEvent, OfferingTerms } from './events.ts';

/** Everything the offering stream decides. Time comes in as `now`; who may give a command is checked before. */
export type OfferingCommand =
  | { type: 'OpenOffering'; terms: OfferingTerms; now: Date }
  | { type: 'Register'; booking: Booking; now: Date }
  /** The participant's cancellation, given by the booking municipality or the back office. */
  | { type: 'Cancel'; registrationId: string; by: Booker; now: Date }
  | { type: 'Substitute'; registrationId: string; participant: Participant; now: Date }
  | { type: 'ChangeCapacity'; capacity: number; now: Date }
  /** A new date or venue; without `registrationDeadline` the deadline stays as it was. */
  | {
      /** A new date or place; `onlineLink` as the date has it now (left out: none). */
      type: 'RescheduleOffering';
      startsAt: string;
      endsAt: string;
      venue: string;
      onlineLink?: string;
      registrationDeadline?: string;
      now: Date;
    }
  | { type: 'CancelOffering'; by: BackOffice; now: Date }
  | { type: 'RecordAttendance'; registrationId: string; attended: boolean; now: Date };

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

export interface Rejection {
  rejected: true;
  code: RejectionCode;
  detail: string;
  /** The registration the answer is about, e.g. the place the person already holds. */
  registrationId?: string;
}

export type Decision = OfferingEvent[] | Rejection;

export const reject = (code: RejectionCode, detail: string, registrationId?: string): Rejection => ({
  rejected: true,
  code,
  detail,
  ...(registrationId ? { registrationId } : {}),
});

export const isRejection = (decision: Decision): decision is Rejection => 'rejected' in decision;
