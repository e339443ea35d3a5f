import type { BillingMode } from './customer.ts';
import type { Money, VatTreatment } from './money.ts';

/** What a position stream records and the values its events carry (docs/events.md, "Internal events"). */

/** The full fee, or a fee by the cancellation terms; the list is also a CHECK constraint on `positions.owed_kind`. */
export const CHARGE_KINDS = ['fee', 'cancellation-fee', 'no-show-fee'] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];

export interface Charge {
  readonly kind: ChargeKind;
  /** Share of the seminar fee: 100 for the full fee. */
  readonly feePercent: number;
  readonly netCents: number;
}

/** What invoicing keeps of a registration to bill it. */
export interface PositionFacts {
  readonly registrationId: string;
  readonly offeringId: string;
  readonly municipalityId: string;
  /** The participant's name as printed on the line; empty for drafts of before issue 9 (not recorded then). */
  readonly participant: string;
  readonly title: string;
  /** The seminar's first and last day (Europe/Berlin). */
  readonly serviceDate: string;
  readonly lastDay: string;
  /** The seminar fee as confirmed. */
  readonly fee: Money;
  /** VAT treatment of the seminar; fees for late cancellations and no-shows follow it. */
  readonly vat: VatTreatment;
  /** Bestellnummer / Aktenzeichen given with the registration (BT-13). */
  readonly purchaseOrderReference: string | null;
  /** The customer's billing mode when the position opened: it stays with the position. */
  readonly billing: BillingMode;
}

/** Where a position is: `open` on a draft, `invoiced`, `crediting` (a Stornorechnung for its invoice is pending), `closed`. */
export const POSITION_STATUSES = ['open', 'invoiced', 'crediting', 'closed'] as const;

export type CancellationReason = 'participant' | 'institute';
export interface Classification {
  readonly kind: 'free' | 'late' | 'no-show';
  readonly feePercent: number;
}

// Stored events of a position stream (docs/events.md, "Internal events"): add fields, never change meanings.

export interface PositionOpened {
  readonly type: 'PositionOpened';
  readonly data: PositionFacts & { readonly invoiceId: string; readonly openedAt: string };
}
/** `substitutedAt`: registration's instant of the substitution (recorded since issue 14; older renamings lack it). */
export interface PositionRenamed {
  readonly type: 'PositionRenamed';
  readonly data: {
    readonly registrationId: string;
    readonly participant: string;
    readonly previous: string;
    readonly substitutedAt?: string;
    readonly renamedAt: string;
  };
}
/** The date moved; `invoiceId` is the draft it sits on afterwards (another one when a collective month changed). */
export interface PositionRescheduled {
  readonly type: 'PositionRescheduled';
  readonly data: {
    readonly registrationId: string;
    readonly serviceDate: string;
    readonly lastDay: string;
    readonly previousServiceDate: string;
    readonly invoiceId: string;
    readonly rescheduledAt: string;
  };
}
/** The registration was cancelled; `owed` is what the terms leave to pay (`null`: nothing). */
export interface PositionCancelled {
  readonly type: 'PositionCancelled';
  readonly data: {
    readonly registrationId: string;
    readonly reason: CancellationReason;
    readonly classification: Classification;
    readonly owed: Charge | null;
    readonly cancelledAt: string;
  };
}
/** Left its draft with nothing to bill. */
export interface PositionRemoved {
  readonly type: 'PositionRemoved';
  readonly data: { readonly registrationId: string; readonly invoiceId: string; readonly removedAt: string };
}
export interface PositionInvoiced {
  readonly type: 'PositionInvoiced';
  readonly data: { readonly registrationId: string; readonly invoiceId: string; readonly charge: Charge; readonly invoicedAt: string };
}
/** A Stornorechnung of its whole invoice was drafted; the position waits for it to be issued. */
export interface PositionCreditPending {
  readonly type: 'PositionCreditPending';
  readonly data: { readonly registrationId: string; readonly invoiceId: string; readonly creditNoteId: string; readonly at: string };
}
/** Its invoiced line is credited by `creditNoteId`. */
export interface PositionCredited {
  readonly type: 'PositionCredited';
  readonly data: {
    readonly registrationId: string;
    readonly invoiceId: string;
    readonly creditNoteId: string;
    readonly creditedAt: string;
  };
}
/** What is still owed after a credit sits on a new draft. */
export interface PositionPlaced {
  readonly type: 'PositionPlaced';
  readonly data: { readonly registrationId: string; readonly invoiceId: string; readonly placedAt: string };
}

export type PositionEvent =
  | PositionOpened
  | PositionRenamed
  | PositionRescheduled
  | PositionCancelled
  | PositionRemoved
  | PositionInvoiced
  | PositionCreditPending
  | PositionCredited
  | PositionPlaced;
