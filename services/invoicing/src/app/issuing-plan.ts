import { Rejected, reject } from '@seminarwerk/decider';
import type { Tx } from '../db.ts';
import { monthOf } from '../domain/calendar.ts';
import type { BillableLine } from '../domain/document.ts';
import type { Invoice } from '../domain/invoice.ts';
import type { Slot } from './drafts.ts';
import { Locks } from './locks.ts';
import { dayOf } from './rows.ts';
import type { InvoicingStreams } from './streams.ts';

// What issuing one invoice reads: before locking, what it will touch; after, what it bills.

/**
 * What issuing will touch, read before locking: the draft's open positions; for a Stornorechnung of a whole
 * invoice, that invoice, the positions waiting for it, and the collective drafts they go back on.
 */
export async function planFor(tx: Tx, invoiceId: string): Promise<{ slots: Slot[]; invoices: string[]; positions: string[] }> {
  const row = await tx.invoice.findUnique({ where: { id: invoiceId } });
  if (!row) throw new Rejected(reject('invoice-not-found', 'There is no invoice with this id'));
  if (row.type === 'invoice') {
    const positions = await tx.position.findMany({ where: { invoiceId, status: 'open' }, select: { registrationId: true } });
    return { slots: [], invoices: [invoiceId], positions: positions.map((p) => p.registrationId).sort() };
  }
  if (row.creditPurpose !== 'cancellation' || row.precedingInvoiceId === null) return { slots: [], invoices: [invoiceId], positions: [] };
  const waiting = await tx.position.findMany({ where: { invoiceId: row.precedingInvoiceId, status: 'crediting' } });
  const slots = waiting
    .filter((p) => p.billing === 'collective-monthly' && p.owedKind !== null)
    .map((p) => ({ municipalityId: p.municipalityId, period: monthOf(dayOf(p.serviceDate)) }));
  return { slots, invoices: [invoiceId, row.precedingInvoiceId], positions: waiting.map((p) => p.registrationId).sort() };
}

/** The positions the plan must have locked, as the read model says under the invoice's lock. */
export async function positionsToLock(tx: Tx, state: Invoice): Promise<string[]> {
  if (state.type === 'invoice') {
    const rows = await tx.position.findMany({ where: { invoiceId: state.invoiceId, status: 'open' }, select: { registrationId: true } });
    return rows.map((r) => r.registrationId);
  }
  if (state.creditNote?.purpose !== 'cancellation') return [];
  const rows = await tx.position.findMany({
    where: { invoiceId: state.creditNote.precedingInvoice.invoiceId, status: 'crediting' },
    select: { registrationId: true },
  });
  return rows.map((r) => r.registrationId);
}

/** The lines are what the positions on the draft owe, read from their streams under their locks. */
export async function linesOf(
  streams: InvoicingStreams,
  tx: Tx,
  locks: Locks,
  invoiceId: string,
  registrationIds: readonly string[],
): Promise<BillableLine[]> {
  const lines: BillableLine[] = [];
  for (const registrationId of registrationIds) {
    const position = await streams.position(tx, locks, registrationId);
    if (position.status !== 'open' || position.invoiceId !== invoiceId || position.owed === null)
      Locks.replan(`position ${registrationId}`);
    const { facts, owed } = position;
    lines.push({
      registrationId,
      offeringId: facts.offeringId,
      kind: owed.kind,
      feePercent: owed.feePercent,
      netCents: owed.netCents,
      vat: facts.vat,
      title: facts.title,
      participant: facts.participant,
      serviceDate: facts.serviceDate,
      lastDay: facts.lastDay,
      purchaseOrderReference: facts.purchaseOrderReference,
    });
  }
  return lines;
}

export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);
}
