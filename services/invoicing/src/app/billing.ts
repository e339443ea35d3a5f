import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import { monthOf } from '../domain/calendar.ts';
import type { BillingMode } from '../domain/customer.ts';
import type { Invoice } from '../domain/invoice.ts';
import {
  type CancellationReason,
  type Classification,
  cancellationNeeds,
  chargeAfterCancellation,
  fullFee,
  type PositionFacts,
  type PositionState,
} from '../domain/position.ts';
import { type DraftBook, draftBook, lockPlan, type Slot } from './drafts.ts';
import { Locks } from './locks.ts';
import { dayOf } from './rows.ts';
import type { InvoicingStreams } from './streams.ts';

/** What invoicing needs to know of a confirmed registration (mapped from `registration.confirmed.v1`). */
export interface ConfirmedRegistration {
  registrationId: string;
  offeringId: string;
  /** Who is billed; `null` when the back office booked without naming a municipality. */
  municipalityId: string | null;
  participant: string;
  title: string;
  serviceDate: string;
  lastDay: string;
  fee: { amountCents: number; currency: 'EUR' };
  vat: PositionFacts['vat'];
  purchaseOrderReference: string | null;
}

export interface CancelledRegistration {
  registrationId: string;
  reason: CancellationReason;
  classification: Classification;
}

/**
 * Registration's events turned into positions and drafts, each in the transaction of the inbox that consumed
 * the event. Every change locks first what it may touch (lock order in locks.ts); if the locked state is not
 * what the plan was made from, the whole transaction runs again.
 */
export function billing(streams: InvoicingStreams, clock: () => Date) {
  const drafts: DraftBook = draftBook(streams, clock);
  const positionOf = (tx: Tx, registrationId: string) => tx.position.findUnique({ where: { registrationId } });

  return {
    /**
     * A confirmed registration billed to a municipality opens a position on a draft. The customer's billing mode
     * now decides which (a municipality that is no customer yet is billed per registration). A fee of 0 is nothing
     * to bill, and a booking without a municipality has no one to bill.
     */
    async open(tx: Tx, registration: ConfirmedRegistration, metadata: CommandMetadata): Promise<void> {
      const { municipalityId } = registration;
      if (municipalityId === null || registration.fee.amountCents === 0) return;
      if (await positionOf(tx, registration.registrationId)) return;
      const customer = await tx.customer.findUnique({ where: { id: municipalityId }, select: { billing: true } });
      const facts: PositionFacts = {
        ...registration,
        municipalityId,
        billing: (customer?.billing ?? 'per-registration') as BillingMode,
      };
      const slots = facts.billing === 'collective-monthly' ? [{ municipalityId, period: monthOf(facts.serviceDate) }] : [];
      const { locks, slotDrafts } = await lockPlan(tx, { slots, positions: [facts.registrationId] });
      if ((await streams.position(tx, locks, facts.registrationId)).status !== 'none') return;
      const invoiceId = await drafts.draftFor(tx, locks, slotDrafts, { billing: facts.billing, facts, charge: fullFee(facts) }, metadata);
      await streams.decidePosition(tx, locks, facts.registrationId, { type: 'OpenPosition', facts, invoiceId, now: clock() }, metadata);
    },

    /**
     * Before invoicing, a cancellation removes the position (its draft is voided when it was the last) or turns
     * it into a fee on the same draft. After invoicing, the invoiced line is credited by a draft credit note,
     * and what is still owed goes on a new draft; a line that already bills what is owed stands.
     */
    async cancel(tx: Tx, cancellation: CancelledRegistration, metadata: CommandMetadata): Promise<void> {
      const row = await positionOf(tx, cancellation.registrationId);
      if (!row || row.cancelled) return;
      const owesAnew = row.status === 'invoiced' && row.billing === 'collective-monthly';
      const slots: Slot[] = owesAnew ? [{ municipalityId: row.municipalityId, period: monthOf(dayOf(row.serviceDate)) }] : [];
      const { locks, slotDrafts } = await lockPlan(tx, { slots, invoices: [row.invoiceId], positions: [row.registrationId] });
      const state = await streams.position(tx, locks, row.registrationId);
      if (state.status === 'none' || state.status === 'closed') return;
      const slotNeeded = state.status === 'invoiced' && state.facts.billing === 'collective-monthly';
      if (state.invoiceId !== row.invoiceId || (slotNeeded && slots.length === 0)) Locks.replan(`position ${row.registrationId}`);
      const needs = cancellationNeeds(state, cancellation.reason, cancellation.classification);
      const creditNoteId =
        needs.creditNote && state.status === 'invoiced' ? await draftLineCredit(tx, locks, state, cancellation, metadata) : null;
      const owed = chargeAfterCancellation(state.facts, cancellation.reason, cancellation.classification);
      const draftId =
        needs.draft && owed
          ? await drafts.draftFor(tx, locks, slotDrafts, { billing: state.facts.billing, facts: state.facts, charge: owed }, metadata)
          : null;
      const { state: after } = await streams.decidePosition(
        tx,
        locks,
        row.registrationId,
        { type: 'CancelPosition', ...cancellation, creditNoteId, draftId, now: clock() },
        metadata,
      );
      if (state.status === 'open' && after.status === 'closed') {
        await drafts.voidIfEmpty(tx, locks, state.invoiceId, 'registration cancelled', metadata);
      }
    },

    /**
     * A substitute takes over the registration: the name changes on a position not invoiced yet. `substitutedAt` is
     * registration's instant of the change, which an erasure of the person replaced names (`leftAt`).
     */
    async rename(tx: Tx, registrationId: string, participant: string, substitutedAt: string, metadata: CommandMetadata): Promise<void> {
      const row = await positionOf(tx, registrationId);
      if (row?.status !== 'open') return;
      const { locks } = await lockPlan(tx, { positions: [registrationId] });
      await streams.decidePosition(
        tx,
        locks,
        registrationId,
        { type: 'RenameParticipant', participant, substitutedAt, now: clock() },
        metadata,
      );
    },

    /**
     * A moved date changes an uninvoiced position; on a collective draft whose month it leaves, it moves to the
     * draft of its new month (and the old one is voided if it was the last).
     */
    async reschedule(tx: Tx, registrationId: string, serviceDate: string, lastDay: string, metadata: CommandMetadata): Promise<void> {
      const row = await positionOf(tx, registrationId);
      if (row?.status !== 'open' || row.invoiceId === null) return;
      const moves = row.billing === 'collective-monthly' && monthOf(dayOf(row.serviceDate)) !== monthOf(serviceDate);
      const slots: Slot[] = moves ? [{ municipalityId: row.municipalityId, period: monthOf(serviceDate) }] : [];
      const { locks, slotDrafts } = await lockPlan(tx, { slots, invoices: [row.invoiceId], positions: [registrationId] });
      const state = await streams.position(tx, locks, registrationId);
      if (state.status !== 'open') return;
      if (state.invoiceId !== row.invoiceId || monthOf(state.facts.serviceDate) !== monthOf(dayOf(row.serviceDate))) {
        Locks.replan(`position ${registrationId}`);
      }
      const facts = { ...state.facts, serviceDate, lastDay };
      const invoiceId = moves
        ? await drafts.draftFor(tx, locks, slotDrafts, { billing: facts.billing, facts, charge: state.owed ?? fullFee(facts) }, metadata)
        : state.invoiceId;
      await streams.decidePosition(
        tx,
        locks,
        registrationId,
        { type: 'ReschedulePosition', serviceDate, lastDay, invoiceId, now: clock() },
        metadata,
      );
      if (invoiceId !== state.invoiceId) {
        await drafts.voidIfEmpty(tx, locks, state.invoiceId, 'its positions moved to another month', metadata);
      }
    },
  };

  /** A draft credit note for the invoiced line of a cancelled registration, referring to its invoice. */
  async function draftLineCredit(
    tx: Tx,
    locks: Locks,
    position: Extract<PositionState, { status: 'invoiced' }>,
    cancellation: CancelledRegistration,
    metadata: CommandMetadata,
  ): Promise<string> {
    const invoice = (await streams.invoice(tx, locks, position.invoiceId)) as Invoice;
    const line = invoice.issued?.lines.find((l) => l.registrationId === position.facts.registrationId);
    if (!invoice.issued || !line) throw new Error(`invoice ${position.invoiceId} has no line for ${position.facts.registrationId}`);
    const creditNoteId = randomUUID();
    locks.fresh(creditNoteId);
    await streams.decideInvoice(
      tx,
      locks,
      creditNoteId,
      {
        type: 'DraftCreditNote',
        invoiceId: creditNoteId,
        municipalityId: invoice.municipalityId,
        billing: invoice.billing,
        purpose: 'line-credit',
        precedingInvoice: { invoiceId: invoice.invoiceId, number: invoice.issued.number, issueDate: invoice.issued.issueDate },
        buyer: invoice.issued.buyer,
        lines: [line],
        reason: creditReason(
          cancellation,
          chargeAfterCancellation(position.facts, cancellation.reason, cancellation.classification) !== null,
        ),
        now: clock(),
      },
      metadata,
    );
    return creditNoteId;
  }
}
export type Billing = ReturnType<typeof billing>;

/** BT-22 of a credit note for a cancelled registration: why the line is credited, and what follows. */
function creditReason(cancellation: CancelledRegistration, feeFollows: boolean): string {
  if (cancellation.reason === 'institute') return 'Absage der Veranstaltung durch das Studieninstitut';
  switch (cancellation.classification.kind) {
    case 'free':
      return 'Abmeldung innerhalb der kostenfreien Frist';
    case 'late':
      return feeFollows ? 'Abmeldung nach Ablauf der kostenfreien Frist; die Stornogebühr wird gesondert berechnet' : 'Abmeldung';
    case 'no-show':
      return feeFollows ? 'Nicht erschienen; die Ausfallgebühr wird gesondert berechnet' : 'Abmeldung';
  }
}
