import { assertNever, type Decider, type Decision } from '@seminarwerk/decider';
import type { Money, VatTreatment } from './money.ts';
import type { InvoicingRejection } from './rejections.ts';

/** The statuses an invoice can have; the list is also a CHECK constraint on `invoices.status`. */
export const INVOICE_STATUSES = ['draft', 'voided'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

// Stored events of a `registration-invoice-<registrationId>` stream (docs/events.md, "Internal events").
// They are kept for ever: add fields, never change the meaning of one, and keep old events readable.

export interface InvoiceDrafted {
  readonly type: 'InvoiceDrafted';
  readonly data: {
    readonly invoiceId: string;
    readonly registrationId: string;
    readonly offeringId: string;
    readonly municipalityId: string;
    readonly total: Money;
    readonly vat: VatTreatment;
    /** The invoice line, e.g. `Teilnahmegebühr: <title> (<date>)`. */
    readonly description: string;
    readonly draftedAt: string;
  };
}

export interface InvoiceVoided {
  readonly type: 'InvoiceVoided';
  readonly data: { readonly invoiceId: string; readonly registrationId: string; readonly reason: string; readonly voidedAt: string };
}

export type InvoiceEvent = InvoiceDrafted | InvoiceVoided;

/** What a registration's invoice stream knows: no invoice yet, or the one invoice and its status. */
export type InvoiceState =
  | { readonly status: 'none' }
  | { readonly status: InvoiceStatus; readonly invoiceId: string; readonly registrationId: string };

/** What invoicing needs to know of a confirmed registration (mapped from `registration.confirmed.v1`). */
export interface ConfirmedRegistration {
  readonly registrationId: string;
  readonly offeringId: string;
  /** Who is billed; `null` when the back office booked without naming a municipality. */
  readonly municipalityId: string | null;
  readonly fee: Money;
  readonly vat: VatTreatment;
  readonly title: string;
  readonly startsAt: string;
}

export type InvoiceCommand =
  | { readonly type: 'DraftInvoice'; readonly registration: ConfirmedRegistration; readonly invoiceId: string; readonly now: Date }
  | { readonly type: 'VoidDraft'; readonly reason: string; readonly now: Date };

export type InvoiceDecision = Decision<InvoiceEvent, InvoicingRejection>;

/**
 * One invoice per registration (decision 6): its stream holds the invoice's whole life. Nothing in it can
 * be refused yet; issuing, numbering and Stornorechnungen will add rules (and rejection codes) here.
 */
export const invoiceDecider: Decider<InvoiceCommand, InvoiceEvent, InvoiceState, InvoicingRejection> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'DraftInvoice':
        return draftInvoice(state, command.registration, command.invoiceId, command.now);
      case 'VoidDraft':
        return voidDraft(state, command.reason, command.now);
      default:
        return assertNever(command, 'invoice command');
    }
  },
};

function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'InvoiceDrafted':
      return { status: 'draft', invoiceId: event.data.invoiceId, registrationId: event.data.registrationId };
    case 'InvoiceVoided':
      return state.status === 'none' ? state : { ...state, status: 'voided' };
    default:
      // An event type this code no longer knows leaves the state as it was: old streams stay readable.
      return state;
  }
}

/**
 * A confirmed registration booked for a municipality gets one draft invoice over its fee. Drafts have no
 * number (decision 5). A second confirmation of the same registration (redelivered, or re-confirmed after a
 * cancellation) drafts nothing: the registration has its invoice. A booking without a municipality has no
 * one to bill: nothing to do, and nothing wrong either.
 */
function draftInvoice(state: InvoiceState, registration: ConfirmedRegistration, invoiceId: string, now: Date): InvoiceEvent[] {
  if (state.status !== 'none' || registration.municipalityId === null) return [];
  const date = registration.startsAt.slice(0, 10);
  return [
    {
      type: 'InvoiceDrafted',
      data: {
        invoiceId,
        registrationId: registration.registrationId,
        offeringId: registration.offeringId,
        municipalityId: registration.municipalityId,
        total: registration.fee,
        vat: registration.vat,
        description: `Teilnahmegebühr: ${registration.title} (${date})`,
        draftedAt: now.toISOString(),
      },
    },
  ];
}

/**
 * A draft is not yet an invoice: cancelling the registration voids it. A registration without a draft
 * (waitlisted, not billed, or voided already) has nothing to void. Issued invoices will need a
 * Stornorechnung instead.
 */
function voidDraft(state: InvoiceState, reason: string, now: Date): InvoiceEvent[] {
  if (state.status !== 'draft') return [];
  return [
    {
      type: 'InvoiceVoided',
      data: { invoiceId: state.invoiceId, registrationId: state.registrationId, reason, voidedAt: now.toISOString() },
    },
  ];
}
