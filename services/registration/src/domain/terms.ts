/**
 * The terms an offering is booked under, as the catalogue announced them when it opened. Declared here
 * (not derived from the catalogue's contracts) because they are stored in the offering's events.
 */

export interface Money {
  amountCents: number;
  currency: 'EUR';
}

/** Seminars of public training institutes are usually exempt (§ 4 Nr. 22a UStG). */
export type VatTreatment = 'exempt-4-22a' | 'standard-19' | 'reduced-7';

export interface CancellationTerms {
  /** Free until this many whole (Berlin) calendar days before the start date. */
  freeUntilDaysBefore: number;
  lateCancellationFeePercent: number;
  noShowFeePercent: number;
  substituteAllowed: boolean;
}

/** What a participant is told about the date: enough for a confirmation and a calendar entry. */
export interface OfferingSnapshot {
  seminarId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  venue: string;
  /** Online dates: the meeting link, for confirmed participants only. */
  onlineLink?: string;
}

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
