import { assertNever, type Decider, type Decision, reject } from '@seminarwerk/decider';
import { type LegacyPositionEvent, upcastLegacy } from './legacy-events.ts';
import { percentOf } from './money.ts';
import type {
  CancellationReason,
  Charge,
  Classification,
  PositionCancelled,
  PositionCredited,
  PositionEvent,
  PositionFacts,
  PositionOpened,
  PositionPlaced,
} from './position-events.ts';
import type { InvoicingRejection } from './rejections.ts';

export * from './position-events.ts';

/**
 * A billable position: what a municipality owes for one registration, and where that is billed. One stream
 * per registration, `registration-invoice-<registrationId>` (decision 6 kept the name). The position sits on
 * exactly one unissued invoice while it is open; once invoiced, what was invoiced never changes: a later
 * cancellation credits the line and bills what is still owed on a new draft.
 */

interface Known {
  readonly facts: PositionFacts;
  /** What is owed now; `null` after a free cancellation. */
  readonly owed: Charge | null;
  readonly cancelled: boolean;
}

export type Position =
  | (Known & { readonly status: 'open'; readonly invoiceId: string })
  | (Known & { readonly status: 'invoiced'; readonly invoiceId: string; readonly invoiced: Charge })
  | (Known & { readonly status: 'crediting'; readonly invoiceId: string; readonly creditNoteId: string })
  | (Known & { readonly status: 'closed' });

export type PositionState = { readonly status: 'none' } | Position;

/** What a position stream may hold: today's events and the drafts of before issue 9. */
export type StoredPositionEvent = PositionEvent | LegacyPositionEvent;

export type PositionCommand =
  | { readonly type: 'OpenPosition'; readonly facts: PositionFacts; readonly invoiceId: string; readonly now: Date }
  | { readonly type: 'RenameParticipant'; readonly participant: string; readonly substitutedAt?: string; readonly now: Date }
  | {
      readonly type: 'ReschedulePosition';
      readonly serviceDate: string;
      readonly lastDay: string;
      readonly invoiceId: string;
      readonly now: Date;
    }
  | {
      readonly type: 'CancelPosition';
      readonly reason: CancellationReason;
      readonly classification: Classification;
      /** Given when `cancellationNeeds` says a credit note is needed. */
      readonly creditNoteId: string | null;
      /** Given when `cancellationNeeds` says a new draft is needed. */
      readonly draftId: string | null;
      readonly now: Date;
    }
  | { readonly type: 'MarkInvoiced'; readonly invoiceId: string; readonly now: Date }
  | { readonly type: 'RequestCredit'; readonly invoiceId: string; readonly creditNoteId: string; readonly now: Date }
  | { readonly type: 'CompleteCredit'; readonly creditNoteId: string; readonly draftId: string | null; readonly now: Date };

export type PositionDecision = Decision<PositionEvent, InvoicingRejection>;

export const fullFee = (facts: PositionFacts): Charge => ({ kind: 'fee', feePercent: 100, netCents: facts.fee.amountCents });

/**
 * What the cancellation terms leave to pay. The institute's cancellation and a free one cost nothing; a late one
 * is a cancellation fee, a no-show a no-show fee, each at the classified percent of the fee. A fee of 0 cents is
 * nothing to bill.
 */
export function chargeAfterCancellation(facts: PositionFacts, reason: CancellationReason, classification: Classification): Charge | null {
  if (reason === 'institute' || classification.kind === 'free') return null;
  const netCents = percentOf(facts.fee.amountCents, classification.feePercent);
  if (netCents === 0) return null;
  return { kind: classification.kind === 'late' ? 'cancellation-fee' : 'no-show-fee', feePercent: classification.feePercent, netCents };
}

/**
 * What a cancellation will need besides the position, so the caller can lock it first (lock order: invoices
 * before positions): a credit note when an invoiced line no longer stands, and a draft for what is still owed.
 * An invoiced line that already bills exactly what is owed stands (a no-show at 100 % of an invoiced fee).
 */
export function cancellationNeeds(
  state: PositionState,
  reason: CancellationReason,
  classification: Classification,
): { creditNote: boolean; draft: boolean } {
  if (state.status !== 'invoiced' || state.cancelled) return { creditNote: false, draft: false };
  const owed = chargeAfterCancellation(state.facts, reason, classification);
  if (owed !== null && owed.netCents === state.invoiced.netCents) return { creditNote: false, draft: false };
  return { creditNote: true, draft: owed !== null };
}

export const positionDecider: Decider<PositionCommand, StoredPositionEvent, PositionState, InvoicingRejection> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state): PositionDecision {
    const at = command.now.toISOString();
    switch (command.type) {
      case 'OpenPosition':
        // A second confirmation (redelivered, or re-confirmed) opens nothing: the registration has its position.
        if (state.status !== 'none') return [];
        return [{ type: 'PositionOpened', data: { ...command.facts, invoiceId: command.invoiceId, openedAt: at } }];
      case 'RenameParticipant':
        if (state.status !== 'open' || state.cancelled || state.facts.participant === command.participant) return [];
        return [
          {
            type: 'PositionRenamed',
            data: {
              registrationId: state.facts.registrationId,
              participant: command.participant,
              previous: state.facts.participant,
              ...(command.substitutedAt ? { substitutedAt: command.substitutedAt } : {}),
              renamedAt: at,
            },
          },
        ];
      case 'ReschedulePosition':
        if (state.status !== 'open' || state.cancelled) return [];
        if (state.facts.serviceDate === command.serviceDate && state.facts.lastDay === command.lastDay) return [];
        return [
          {
            type: 'PositionRescheduled',
            data: {
              registrationId: state.facts.registrationId,
              serviceDate: command.serviceDate,
              lastDay: command.lastDay,
              previousServiceDate: state.facts.serviceDate,
              invoiceId: command.invoiceId,
              rescheduledAt: at,
            },
          },
        ];
      case 'CancelPosition':
        return cancel(state, command, at);
      case 'MarkInvoiced':
        if (state.status !== 'open' || state.invoiceId !== command.invoiceId || state.owed === null) {
          return reject('not-issuable', 'A position of this invoice is no longer on it');
        }
        return [
          {
            type: 'PositionInvoiced',
            data: { registrationId: state.facts.registrationId, invoiceId: command.invoiceId, charge: state.owed, invoicedAt: at },
          },
        ];
      case 'RequestCredit':
        // A line credited on its own before (its registration was cancelled) is not credited twice.
        if (state.status !== 'invoiced' || state.invoiceId !== command.invoiceId) return [];
        return [
          {
            type: 'PositionCreditPending',
            data: { registrationId: state.facts.registrationId, invoiceId: command.invoiceId, creditNoteId: command.creditNoteId, at },
          },
        ];
      case 'CompleteCredit':
        if (state.status !== 'crediting' || state.creditNoteId !== command.creditNoteId) return [];
        return [
          {
            type: 'PositionCredited',
            data: {
              registrationId: state.facts.registrationId,
              invoiceId: state.invoiceId,
              creditNoteId: command.creditNoteId,
              creditedAt: at,
            },
          },
          ...placed(state, command.draftId, at),
        ];
      default:
        return assertNever(command, 'position command');
    }
  },
};

function cancel(state: PositionState, command: Extract<PositionCommand, { type: 'CancelPosition' }>, at: string): PositionDecision {
  if (state.status === 'none' || state.status === 'closed' || state.cancelled) return [];
  const { registrationId } = state.facts;
  const owed = chargeAfterCancellation(state.facts, command.reason, command.classification);
  const cancelled: PositionCancelled = {
    type: 'PositionCancelled',
    data: { registrationId, reason: command.reason, classification: command.classification, owed, cancelledAt: at },
  };
  switch (state.status) {
    case 'open':
      // Not invoiced yet: the draft bills what is owed now, or loses the position.
      return owed === null
        ? [cancelled, { type: 'PositionRemoved', data: { registrationId, invoiceId: state.invoiceId, removedAt: at } }]
        : [cancelled];
    case 'crediting':
      // The pending Stornorechnung credits the line; what is owed is billed anew once it is issued.
      return [cancelled];
    case 'invoiced': {
      const needs = cancellationNeeds(state, command.reason, command.classification);
      if (!needs.creditNote) return [cancelled];
      if (command.creditNoteId === null || (needs.draft && command.draftId === null)) {
        throw new Error('CancelPosition on an invoiced position needs the credit note (and draft) cancellationNeeds asked for');
      }
      const credited: PositionCredited = {
        type: 'PositionCredited',
        data: { registrationId, invoiceId: state.invoiceId, creditNoteId: command.creditNoteId, creditedAt: at },
      };
      return [cancelled, credited, ...placed({ ...state, owed }, command.draftId, at)];
    }
    default:
      return assertNever(state, 'position');
  }
}

/** What is still owed goes on the new draft; nothing owed, nothing placed. */
function placed(state: Known, draftId: string | null, at: string): PositionPlaced[] {
  if (state.owed === null) return [];
  if (draftId === null) throw new Error('A position that still owes something needs a draft to go on');
  return [{ type: 'PositionPlaced', data: { registrationId: state.facts.registrationId, invoiceId: draftId, placedAt: at } }];
}

export function evolve(state: PositionState, event: StoredPositionEvent): PositionState {
  switch (event.type) {
    case 'PositionOpened': {
      const { invoiceId, openedAt: _, ...facts } = event.data;
      return { status: 'open', facts, owed: fullFee(facts), cancelled: false, invoiceId };
    }
    case 'InvoiceDrafted':
    case 'InvoiceVoided':
      return upcastLegacy(event).reduce(evolve, state);
    default:
      return state.status === 'none' ? state : evolveKnown(state, event);
  }
}

function evolveKnown(state: Position, event: Exclude<PositionEvent, PositionOpened>): PositionState {
  switch (event.type) {
    case 'PositionRenamed':
      return { ...state, facts: { ...state.facts, participant: event.data.participant } };
    case 'PositionRescheduled': {
      const facts = { ...state.facts, serviceDate: event.data.serviceDate, lastDay: event.data.lastDay };
      return state.status === 'open' ? { ...state, facts, invoiceId: event.data.invoiceId } : { ...state, facts };
    }
    case 'PositionCancelled':
      return { ...state, owed: event.data.owed, cancelled: true };
    case 'PositionRemoved':
      return { facts: state.facts, owed: state.owed, cancelled: state.cancelled, status: 'closed' };
    case 'PositionInvoiced':
      return {
        facts: state.facts,
        owed: state.owed,
        cancelled: state.cancelled,
        status: 'invoiced',
        invoiceId: event.data.invoiceId,
        invoiced: event.data.charge,
      };
    case 'PositionCreditPending':
      return {
        facts: state.facts,
        owed: state.owed,
        cancelled: state.cancelled,
        status: 'crediting',
        invoiceId: event.data.invoiceId,
        creditNoteId: event.data.creditNoteId,
      };
    case 'PositionCredited':
      return { facts: state.facts, owed: state.owed, cancelled: state.cancelled, status: 'closed' };
    case 'PositionPlaced':
      return { facts: state.facts, owed: state.owed, cancelled: state.cancelled, status: 'open', invoiceId: event.data.invoiceId };
    default:
      // An event type this code no longer knows leaves the state as it was: old streams stay readable.
      return state;
  }
}
