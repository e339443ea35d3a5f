import type { BillingAddress, BillingMode } from './customer.ts';
import type { IssuedLine, Totals } from './document.ts';
import type { Money, VatTreatment } from './money.ts';

/** What an invoice stream records and the values its events carry (docs/events.md, "Internal events"). */

/** The lists are also CHECK constraints on `invoices` (test/schema.test.ts holds them together). */
export const INVOICE_STATUSES = ['draft', 'held', 'issued', 'partially-paid', 'paid', 'cancelled', 'voided'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_TYPES = ['invoice', 'credit-note'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];
export const HOLD_REASONS = ['missing-customer', 'missing-leitweg-id', 'validation-failed'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
/** `cancellation`: cancels the whole preceding invoice. `line-credit`: credits the lines of cancelled registrations. */
export const CREDIT_PURPOSES = ['cancellation', 'line-credit'] as const;
export type CreditPurpose = (typeof CREDIT_PURPOSES)[number];

/** The buyer as a document names it: the customer record when it was issued. */
export interface BuyerSnapshot {
  readonly name: string;
  readonly leitwegId: string;
  readonly invoiceEmail: string;
  readonly address: BillingAddress;
  readonly supplierNumber: string | null;
}

export interface ValidationSnapshot {
  readonly result: 'valid' | 'invalid';
  readonly validator: string;
  readonly validatedAt: string;
  readonly messages: readonly {
    readonly rule: string;
    readonly severity: 'error' | 'warning' | 'notice';
    readonly text: string;
    readonly location: string | null;
  }[];
}

export interface DocumentFacts {
  readonly kind: 'xrechnung' | 'pdf';
  readonly fileName: string;
  readonly mediaType: 'application/xml' | 'application/pdf';
  readonly sha256: string;
}

export interface PrecedingInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly issueDate: string;
}

/** What an issued document said; kept in its `InvoiceIssued` event. */
export interface IssuedFacts {
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  readonly buyer: BuyerSnapshot;
  readonly lines: readonly IssuedLine[];
  readonly totals: Totals;
  readonly purchaseOrderReference: string | null;
  readonly validation: ValidationSnapshot;
  readonly documents: readonly DocumentFacts[];
}

export interface CreditNoteFacts {
  readonly purpose: CreditPurpose;
  readonly precedingInvoice: PrecedingInvoice;
  readonly buyer: BuyerSnapshot;
  readonly lines: readonly IssuedLine[];
  readonly reason: string;
}

/** A per-registration draft names its registration (for `invoicing.invoice.drafted.v1`). */
export interface DraftedFor {
  readonly registrationId: string;
  readonly offeringId: string;
  readonly total: Money;
  readonly vat: VatTreatment;
}

// Stored events of an `invoice-<invoiceId>` stream (docs/events.md, "Internal events").

export interface InvoiceOpened {
  readonly type: 'InvoiceOpened';
  readonly data: {
    readonly invoiceId: string;
    readonly municipalityId: string;
    readonly billing: BillingMode;
    readonly period: string | null;
    readonly registration: DraftedFor | null;
    readonly openedAt: string;
  };
}
export interface CreditNoteDrafted {
  readonly type: 'CreditNoteDrafted';
  readonly data: CreditNoteFacts & {
    readonly invoiceId: string;
    readonly municipalityId: string;
    readonly billing: BillingMode;
    readonly draftedAt: string;
  };
}
export interface CancellationRequested {
  readonly type: 'CancellationRequested';
  readonly data: { readonly invoiceId: string; readonly creditNoteId: string; readonly reason: string; readonly requestedAt: string };
}
export interface InvoiceHeld {
  readonly type: 'InvoiceHeld';
  readonly data: {
    readonly invoiceId: string;
    readonly reason: HoldReason;
    readonly detail: string;
    readonly validation: ValidationSnapshot | null;
    readonly heldAt: string;
  };
}
export interface InvoiceIssued {
  readonly type: 'InvoiceIssued';
  readonly data: IssuedFacts & { readonly invoiceId: string; readonly issuedAt: string };
}
export interface InvoiceVoided {
  readonly type: 'InvoiceVoided';
  readonly data: { readonly invoiceId: string; readonly reason: string; readonly voidedAt: string };
}
export interface PaymentRecorded {
  readonly type: 'PaymentRecorded';
  readonly data: {
    readonly invoiceId: string;
    readonly paymentId: string;
    readonly amountCents: number;
    readonly paidOn: string;
    readonly reference: string | null;
    readonly recordedAt: string;
  };
}
export interface InvoiceCancelled {
  readonly type: 'InvoiceCancelled';
  readonly data: {
    readonly invoiceId: string;
    readonly creditNoteId: string;
    readonly creditNoteNumber: string;
    readonly reason: string;
    readonly cancelledAt: string;
  };
}

export type InvoiceEvent =
  | InvoiceOpened
  | CreditNoteDrafted
  | CancellationRequested
  | InvoiceHeld
  | InvoiceIssued
  | InvoiceVoided
  | PaymentRecorded
  | InvoiceCancelled;
