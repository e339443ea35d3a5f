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

/** Events of one offering's stream (`offering-<id>`). Internal: public contracts are mapped in src/messaging. */
export type OfferingEvent =
  | { type: 'OfferingOpened'; data: OfferingTerms & { openedAt: string } }
  | { type: 'RegistrationConfirmed'; data: Booking & { fee: Money; via: 'direct' | 'waitlist'; confirmedAt: string } }
  | { type: 'RegistrationWaitlisted'; data: Booking & { waitlistedAt: string } }
  | {
      type: 'RegistrationCancelled';
      data: { registrationId: string; previousStatus: 'confirmed' | 'waitlisted'; cancelledBy: Booker; cancelledAt: string };
    };
