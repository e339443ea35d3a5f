import type { BackOffice, Booker, Booking, Participant } from './booking.ts';
import type { Money, OfferingSnapshot, OfferingTerms } from './terms.ts';

/** What a cancellation costs under the offering's cancellation terms; invoicing turns the percentage into money. */
export interface CancellationClassification {
  kind: 'free' | 'late' | 'no-show';
  feePercent: number;
}

/** Events of one offering's stream (`offering-<id>`). Internal: public contracts are mapped in src/messaging. */
export type OfferingEvent =
  | { type: 'OfferingOpened'; data: OfferingTerms & { openedAt: string } }
  | { type: 'RegistrationConfirmed'; data: Booking & { fee: Money; via: 'direct' | 'waitlist'; confirmedAt: string } }
  /** `position` is the place on the waiting list at the moment of waitlisting (1 = next to be promoted). */
  | { type: 'RegistrationWaitlisted'; data: Booking & { position: number; waitlistedAt: string } }
  | {
      type: 'RegistrationCancelled';
      data: {
        registrationId: string;
        previousStatus: 'confirmed' | 'waitlisted';
        /** `institute` when the whole offering was cancelled: always free of charge. */
        reason: 'participant' | 'institute';
        classification: CancellationClassification;
        cancelledBy: Booker;
        cancelledAt: string;
      };
    }
  /** Another person takes over a confirmed place: same seat, same registration id, same booking. */
  | {
      type: 'RegistrationSubstituted';
      data: { registrationId: string; previous: Participant; participant: Participant; substitutedAt: string };
    }
  | { type: 'CapacityChanged'; data: { capacity: number; changedAt: string } }
  | {
      type: 'OfferingRescheduled';
      data: { snapshot: OfferingSnapshot; previous: OfferingSnapshot; registrationDeadline: string; rescheduledAt: string };
    }
  | { type: 'OfferingCancelled'; data: { cancelledBy: BackOffice; cancelledAt: string } }
  | { type: 'AttendanceRecorded'; data: { registrationId: string; attended: boolean; recordedAt: string } }
  /**
   * A person's data was erased from this registration (decisions.md 120). `leftAt`: they had handed the place on at
   * that instant, so the seat's participant (the substitute) stays; otherwise the seat names nobody from now on.
   */
  | { type: 'ParticipantErased'; data: ErasureFacts & { erasedAt: string } };

/** Why and for whom a registration's person is erased: `erasureId` names the request; retention has none. */
export interface ErasureFacts {
  registrationId: string;
  erasureId: string | null;
  reason: 'request' | 'retention';
  leftAt: string | null;
}

export type EventOf<T extends OfferingEvent['type']> = Extract<OfferingEvent, { type: T }>;
