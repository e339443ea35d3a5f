import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { BillingMode } from '../domain/customer.ts';
import { isUnissued } from '../domain/invoice.ts';
import type { Charge, PositionFacts } from '../domain/position.ts';
import { collectiveSlot, Locks } from './locks.ts';
import type { InvoicingStreams } from './streams.ts';

/** A municipality's collective draft of one month. */
export interface Slot {
  municipalityId: string;
  period: string;
}

/** What one transaction is about to change, so it can lock all of it up front in the one lock order. */
export interface LockPlan {
  slots?: readonly Slot[];
  invoices?: readonly (string | null)[];
  positions?: readonly string[];
}

/**
 * The unissued collective draft of each slot as found under the slot's lock (none: `undefined`); a draft opened
 * in the transaction is added, so the next position of that month joins it.
 */
export type SlotDrafts = Map<string, string>;

export interface HeldLocks {
  locks: Locks;
  slotDrafts: SlotDrafts;
}

/**
 * Takes the locks of a plan: slots, then the slots' current drafts together with the other invoices, then the
 * positions. A position joins or leaves a draft only while its transaction holds the draft's lock. Given the
 * locks a transaction holds already, it takes only what is missing (and throws if that breaks the order).
 */
export async function lockPlan(tx: Tx, plan: LockPlan, held?: HeldLocks): Promise<HeldLocks> {
  const locks = held?.locks ?? new Locks(tx);
  const slotDrafts = new Map<string, string>(held?.slotDrafts ?? []);
  const slots = (plan.slots ?? []).filter((s) => !locks.holdsSlot(collectiveSlot(s.municipalityId, s.period)));
  await locks.slots(slots.map((s) => collectiveSlot(s.municipalityId, s.period)));
  for (const slot of slots) {
    const draft = await tx.invoice.findFirst({
      where: {
        type: 'invoice',
        billing: 'collective-monthly',
        municipalityId: slot.municipalityId,
        period: slot.period,
        status: { in: ['draft', 'held'] },
      },
      select: { id: true },
    });
    if (draft) slotDrafts.set(collectiveSlot(slot.municipalityId, slot.period), draft.id);
  }
  const invoices = [
    ...(plan.invoices ?? []),
    ...slots.flatMap((s) => slotDrafts.get(collectiveSlot(s.municipalityId, s.period)) ?? []),
  ].filter((id): id is string => id !== null);
  await locks.invoices(invoices);
  await locks.positions(plan.positions ?? []);
  return { locks, slotDrafts };
}

/** Where a position that opens, moves or is owed anew goes: its own draft, or its municipality's of the month. */
export interface Placement {
  billing: BillingMode;
  facts: PositionFacts;
  /** What the draft bills for it (for `invoicing.invoice.drafted.v1` of a per-registration draft). */
  charge: Charge;
}

export function draftBook(streams: InvoicingStreams, clock: () => Date) {
  /**
   * The draft a position goes on: for `per-registration`, a new draft of its own; for `collective-monthly`,
   * the slot's unissued draft, or a new one when it has none (or the one found was issued meanwhile). The
   * slot must be locked (`lockPlan`).
   */
  async function draftFor(tx: Tx, locks: Locks, slotDrafts: SlotDrafts, placement: Placement, metadata: CommandMetadata): Promise<string> {
    const { facts } = placement;
    if (placement.billing === 'collective-monthly') {
      const period = facts.serviceDate.slice(0, 7);
      const slot = collectiveSlot(facts.municipalityId, period);
      if (!locks.holdsSlot(slot)) throw new Error(`collective draft ${slot} looked for without its lock`);
      const found = slotDrafts.get(slot);
      if (found && isUnissued(await streams.invoice(tx, locks, found))) return found;
      const opened = await open(
        tx,
        locks,
        { municipalityId: facts.municipalityId, billing: 'collective-monthly', period, registration: null },
        metadata,
      );
      slotDrafts.set(slot, opened);
      return opened;
    }
    return open(
      tx,
      locks,
      {
        municipalityId: facts.municipalityId,
        billing: 'per-registration',
        period: null,
        registration: {
          registrationId: facts.registrationId,
          offeringId: facts.offeringId,
          total: { amountCents: placement.charge.netCents, currency: 'EUR' },
          vat: facts.vat,
        },
      },
      metadata,
    );
  }

  async function open(
    tx: Tx,
    locks: Locks,
    draft: Omit<Extract<Parameters<InvoicingStreams['decideInvoice']>[3], { type: 'OpenDraft' }>, 'type' | 'invoiceId' | 'now'>,
    metadata: CommandMetadata,
  ): Promise<string> {
    const invoiceId = randomUUID();
    locks.fresh(invoiceId);
    await streams.decideInvoice(tx, locks, invoiceId, { type: 'OpenDraft', invoiceId, ...draft, now: clock() }, metadata);
    return invoiceId;
  }

  /** A draft that lost its last position is voided (under its lock, so no position joins meanwhile). */
  async function voidIfEmpty(tx: Tx, locks: Locks, invoiceId: string, reason: string, metadata: CommandMetadata): Promise<void> {
    const remaining = await tx.position.count({ where: { invoiceId, status: 'open' } });
    if (remaining > 0) return;
    await streams.decideInvoice(tx, locks, invoiceId, { type: 'VoidDraft', reason, now: clock() }, metadata);
  }

  return { draftFor, voidIfEmpty };
}
export type DraftBook = ReturnType<typeof draftBook>;
