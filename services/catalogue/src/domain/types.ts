/**
 * The catalogue's own words for what it records and decides on. Plain types, declared here and nowhere else:
 * the HTTP contracts (packages/contracts/src/api) are mapped onto them at the edge, so a change of the public
 * API cannot silently change a stored event.
 *
 * Value types are type aliases rather than interfaces, so they stay assignable to JSON columns.
 */

/** How the fee is taxed; most seminars of the institute are exempt (§ 4 Nr. 22a UStG). */
export type VatTreatment = 'exempt-4-22a' | 'standard-19' | 'reduced-7';

/** What a participant pays when cancelling late or not coming, and whether someone else may go instead. */
export type CancellationTerms = {
  freeUntilDaysBefore: number;
  lateCancellationFeePercent: number;
  noShowFeePercent: number;
  substituteAllowed: boolean;
};

/** What the back office writes about a seminar; every field can change after creation. */
export interface SeminarFields {
  title: string;
  topic: string;
  summary: string;
  description: string;
  audience: string;
  lecturers: string[];
  /** Euro cents. */
  feeCents: number;
  vat: VatTreatment;
  cancellationTerms: CancellationTerms;
}

/** The names of the fields, in the order they are compared and recorded. */
export const seminarFieldNames = [
  'title',
  'topic',
  'summary',
  'description',
  'audience',
  'lecturers',
  'feeCents',
  'vat',
  'cancellationTerms',
] as const satisfies readonly (keyof SeminarFields)[];

/** The fields a change of a seminar sets; the ones left out stay. */
export type SeminarChanges = Partial<SeminarFields>;

/** `draft`: not public, and none of its dates can be published. `cancelled`: final. */
export type SeminarStatus = 'draft' | 'published' | 'cancelled';

/** `draft`: not public and not open for registration. `cancelled`: final. */
export type OfferingStatus = 'draft' | 'published' | 'cancelled';

export type OfferingFormat = 'onsite' | 'online';

/** Where an on-site date takes place. */
export type Venue = {
  name: string;
  street?: string;
  postalCode?: string;
  city: string;
};

/** One day (or part of a day) of an offering; RFC 3339 times. */
export type Session = {
  startsAt: string;
  endsAt: string;
};

/** An offering's date and place, as the offering events record them in full. Times are RFC 3339. */
export interface DateAndPlace {
  offeringId: string;
  seminarId: string;
  startsAt: string;
  endsAt: string;
  format: OfferingFormat;
  /** On-site dates only. */
  venue: Venue | null;
  /** Online dates only, and only once known. */
  onlineLink?: string;
  /** `YYYY-MM-DD`, the last day to register. */
  registrationDeadline: string;
  /** The days of the offering, in UTC, in order. */
  sessions: Session[];
}
