import { assertNever, type Decider, type Decision, reject } from '@seminarwerk/decider';
import type { BillingMode } from './customer.ts';
import type {
  CreditNoteFacts,
  DraftedFor,
  HoldReason,
  InvoiceEvent,
  InvoiceStatus,
  InvoiceType,
  IssuedFacts,
  ValidationSnapshot,
} from './invoice-events.ts';
import type { InvoicingRejection } from './rejections.ts';

export * from './invoice-events.ts';

/**
 * An invoice or credit note (Stornorechnung), one stream each: `invoice-<invoiceId>`. Drafted → (held ↔)
 * issued → partially-paid / paid, or cancelled by a credit note; a draft that loses its last position is
 * voided. An invoice's lines are its positions until it is issued (read model `positions`); issuing records
 * them, and from then on nothing about it changes but payments and its cancellation (GoBD).
 */

interface Opened {
  readonly invoiceId: string;
  readonly type: InvoiceType;
  readonly municipalityId: string;
  readonly billing: BillingMode;
  /** Collective invoices: the month `YYYY-MM` of their seminar dates. */
  readonly period: string | null;
  readonly registration: DraftedFor | null;
  readonly creditNote: CreditNoteFacts | null;
}

export type Invoice = Opened & {
  readonly status: InvoiceStatus;
  readonly hold: { readonly reason: HoldReason; readonly detail: string } | null;
  readonly validation: ValidationSnapshot | null;
  readonly issued: IssuedFacts | null;
  readonly paidCents: number;
  /** The Stornorechnung that cancels it; `number` is null until that is issued. */
  readonly cancelledBy: { readonly creditNoteId: string; readonly number: string | null } | null;
};
export type InvoiceState = { readonly status: 'none' } | Invoice;

export type InvoiceCommand =
  | {
      readonly type: 'OpenDraft';
      readonly invoiceId: string;
      readonly municipalityId: string;
      readonly billing: BillingMode;
      readonly period: string | null;
      readonly registration: DraftedFor | null;
      readonly now: Date;
    }
  | (CreditNoteFacts & {
      readonly type: 'DraftCreditNote';
      readonly invoiceId: string;
      readonly municipalityId: string;
      readonly billing: BillingMode;
      readonly now: Date;
    })
  | { readonly type: 'RequestCancellation'; readonly creditNoteId: string; readonly reason: string; readonly now: Date }
  | {
      readonly type: 'Hold';
      readonly reason: HoldReason;
      readonly detail: string;
      readonly validation: ValidationSnapshot | null;
      readonly now: Date;
    }
  | (IssuedFacts & { readonly type: 'Issue'; readonly now: Date })
  | { readonly type: 'VoidDraft'; readonly reason: string; readonly now: Date }
  | {
      readonly type: 'RecordPayment';
      readonly paymentId: string;
      readonly amountCents: number;
      readonly paidOn: string;
      readonly reference: string | null;
      readonly now: Date;
    }
  | {
      readonly type: 'MarkCancelled';
      readonly creditNoteId: string;
      readonly creditNoteNumber: string;
      readonly reason: string;
      readonly now: Date;
    };

export type InvoiceDecision = Decision<InvoiceEvent, InvoicingRejection>;

/** Not issued yet: its content may still change, and it can be issued. */
export const isUnissued = (state: InvoiceState): boolean => state.status === 'draft' || state.status === 'held';
/** Issued and standing: it can be paid (invoices) and cancelled. */
export const isStanding = (state: InvoiceState): boolean =>
  state.status === 'issued' || state.status === 'partially-paid' || state.status === 'paid';

export const outstandingCents = (invoice: Invoice): number => (invoice.issued ? invoice.issued.totals.grossCents - invoice.paidCents : 0);

const notFound = () => reject('invoice-not-found', 'There is no invoice with this id');

export const invoiceDecider: Decider<InvoiceCommand, InvoiceEvent, InvoiceState, InvoicingRejection> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state): InvoiceDecision {
    const at = command.now.toISOString();
    switch (command.type) {
      case 'OpenDraft': {
        if (state.status !== 'none') return [];
        const { type: _, now: __, ...data } = command;
        return [{ type: 'InvoiceOpened', data: { ...data, openedAt: at } }];
      }
      case 'DraftCreditNote': {
        if (state.status !== 'none') return [];
        const { type: _, now: __, ...data } = command;
        return [{ type: 'CreditNoteDrafted', data: { ...data, draftedAt: at } }];
      }
      case 'RequestCancellation':
        if (state.status === 'none') return notFound();
        if (state.type === 'credit-note') return reject('not-cancellable', 'A credit note cannot be cancelled');
        if (!isStanding(state)) return reject('not-cancellable', `Only issued invoices can be cancelled; this one is ${state.status}`);
        if (state.cancelledBy !== null) return [];
        return [
          {
            type: 'CancellationRequested',
            data: { invoiceId: state.invoiceId, creditNoteId: command.creditNoteId, reason: command.reason, requestedAt: at },
          },
        ];
      case 'Hold':
        if (state.status === 'none') return notFound();
        if (!isUnissued(state)) return reject('not-issuable', `The invoice is ${state.status}`);
        // The same hold again (a run retrying a customer still without Leitweg-ID) is not news.
        if (state.hold?.reason === command.reason && state.hold.detail === command.detail) return [];
        return [
          {
            type: 'InvoiceHeld',
            data: {
              invoiceId: state.invoiceId,
              reason: command.reason,
              detail: command.detail,
              validation: command.validation,
              heldAt: at,
            },
          },
        ];
      case 'Issue': {
        if (state.status === 'none') return notFound();
        if (!isUnissued(state)) return reject('not-issuable', `The invoice is ${state.status}`);
        const { type: _, now: __, ...facts } = command;
        return [{ type: 'InvoiceIssued', data: { ...facts, invoiceId: state.invoiceId, issuedAt: at } }];
      }
      case 'VoidDraft':
        if (state.status === 'none' || !isUnissued(state)) return [];
        return [{ type: 'InvoiceVoided', data: { invoiceId: state.invoiceId, reason: command.reason, voidedAt: at } }];
      case 'RecordPayment':
        return recordPayment(state, command, at);
      case 'MarkCancelled':
        if (state.status === 'none') return notFound();
        if (!isStanding(state)) return reject('not-cancellable', `Only issued invoices can be cancelled; this one is ${state.status}`);
        return [
          {
            type: 'InvoiceCancelled',
            data: {
              invoiceId: state.invoiceId,
              creditNoteId: command.creditNoteId,
              creditNoteNumber: command.creditNoteNumber,
              reason: command.reason,
              cancelledAt: at,
            },
          },
        ];
      default:
        return assertNever(command, 'invoice command');
    }
  },
};

/** Payments go against issued invoices that are not paid in full; a credit note is not paid by the buyer. */
function recordPayment(state: InvoiceState, command: Extract<InvoiceCommand, { type: 'RecordPayment' }>, at: string): InvoiceDecision {
  if (state.status === 'none') return notFound();
  if (state.type !== 'invoice' || (state.status !== 'issued' && state.status !== 'partially-paid')) {
    return reject(
      'not-payable',
      `Payments are recorded against issued invoices that are not paid in full; this is a ${state.type}, ${state.status}`,
    );
  }
  const outstanding = outstandingCents(state);
  if (command.amountCents > outstanding) {
    return reject(
      'payment-exceeds-outstanding',
      `The payment of ${command.amountCents} cents is more than the ${outstanding} cents outstanding`,
      [{ field: 'amountCents', detail: `at most ${outstanding}` }],
    );
  }
  return [
    {
      type: 'PaymentRecorded',
      data: {
        invoiceId: state.invoiceId,
        paymentId: command.paymentId,
        amountCents: command.amountCents,
        paidOn: command.paidOn,
        reference: command.reference,
        recordedAt: at,
      },
    },
  ];
}

const fresh = (opened: Opened): Invoice => ({
  ...opened,
  status: 'draft',
  hold: null,
  validation: null,
  issued: null,
  paidCents: 0,
  cancelledBy: null,
});

export function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  if (event.type === 'InvoiceOpened') {
    const d = event.data;
    return fresh({
      invoiceId: d.invoiceId,
      type: 'invoice',
      municipalityId: d.municipalityId,
      billing: d.billing,
      period: d.period,
      registration: d.registration,
      creditNote: null,
    });
  }
  if (event.type === 'CreditNoteDrafted') {
    const { invoiceId, municipalityId, billing, draftedAt: _, ...creditNote } = event.data;
    return fresh({ invoiceId, type: 'credit-note', municipalityId, billing, period: null, registration: null, creditNote });
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'CancellationRequested':
      return { ...state, cancelledBy: { creditNoteId: event.data.creditNoteId, number: null } };
    case 'InvoiceHeld':
      return {
        ...state,
        status: 'held',
        hold: { reason: event.data.reason, detail: event.data.detail },
        validation: event.data.validation,
      };
    case 'InvoiceIssued': {
      const { invoiceId: _, issuedAt: __, ...issued } = event.data;
      return { ...state, status: 'issued', hold: null, validation: issued.validation, issued };
    }
    case 'InvoiceVoided':
      return { ...state, status: 'voided' };
    case 'PaymentRecorded': {
      const paidCents = state.paidCents + event.data.amountCents;
      const gross = state.issued?.totals.grossCents ?? 0;
      return { ...state, paidCents, status: paidCents >= gross ? 'paid' : 'partially-paid' };
    }
    case 'InvoiceCancelled':
      return { ...state, status: 'cancelled', cancelledBy: { creditNoteId: event.data.creditNoteId, number: event.data.creditNoteNumber } };
    default:
      // An event type this code no longer knows leaves the state as it was: old streams stay readable.
      return state;
  }
}
