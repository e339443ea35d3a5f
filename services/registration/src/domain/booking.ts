/**
 * Who takes part and who booked, as the offering stream records them. Declared here, not taken from the
 * public contracts: a change of the API must not change what is stored (src/messaging maps between them).
 */

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
}

/** Whose data was erased, on request or after its retention period: the place still counts, it names nobody. */
export interface ErasedPerson {
  erased: true;
}

/** Who takes part: a person, or nobody known any more (docs/privacy.md). */
export type Participant = Person | ErasedPerson;

export const isErased = (participant: Participant): participant is ErasedPerson => 'erased' in participant;

/** Who made a booking or gave a command: a partner municipality or the institute's back office. */
export type Booker = { kind: 'municipality'; municipalityId: string } | BackOffice;

/** The institute acting through its back office (the catalogue's actor is a back-office actor too). A type, not an interface: it is stored as JSON. */
export type BackOffice = { kind: 'back-office'; actor: string };

/** One person's booking: the registration id is chosen before the decision, so a dry run can name it. */
export interface Booking {
  registrationId: string;
  participant: Participant;
  bookedBy: Booker;
  /** The municipality billed; null when the back office booked without one. */
  municipalityId: string | null;
  /**
   * The municipality's purchase order or file reference (Bestellnummer / Aktenzeichen) for the invoice (BT-13).
   * Optional, and absent from every event recorded before issue 9: those fold as bookings without one.
   */
  purchaseOrderReference?: string;
}

/** A booking as it is made: always for a person. */
export type NewBooking = Booking & { participant: Person };
