import type { Booker, CancellationTerms, Money, OfferingSnapshot, Participant, VatTreatment } from '@seminarwerk/contracts';

export interface OfferingTerms {
  offeringId: string;
  snapshot: OfferingSnapshot;
  capacity: number;
  /** Last day to register (inclusive), in the institute's time zone. */
  registrationDeadline: string;
  fee: Money;
  vat: VatTreatment;
  cancellationTerms: CancellationTerms;
}

export interface Booking {
  registrationId: string;
  participant: Participant;
  bookedBy: Booker;
  municipalityId: string | null;
}

/** The institute acting through its back office (the catalogue's actor is a back-office actor too). */
export type BackOffice = Extract<Booker, { kind: 'back-office' }>;

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
  | { type: 'AttendanceRecorded'; data: { registrationId: string; attended: boolean; recordedAt: string } };

export type EventOf<T extends OfferingEvent['type']> = Extract<OfferingEvent, { type: T }>;
