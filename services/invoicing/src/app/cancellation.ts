import { randomUUID } from 'node:crypto';
import { Rejected, reject } from '@seminarwerk/decider';
import type { CommandMetadata } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import { monthOf } from '../domain/calendar.ts';
import type { Invoice } from '../domain/invoice.ts';
import { lockPlan } from './drafts.ts';
import type { IssueOutcome, Issuing } from './issuing.ts';
import { Locks } from './locks.ts';
import { dayOf } from './rows.ts';
import type { InvoicingStreams } from './streams.ts';

/**
 * Cancelling an issued invoice: a Stornorechnung (credit note) over its lines is drafted and issued at once,
 * through the same issuing path, in one transaction. Once it is issued the invoice is `cancelled` and its
 * positions go on new drafts, to be billed again by the next run. If the credit note cannot be issued (its
 * XML fails validation) it is held and the invoice stays issued; asking again issues the same credit note.
 */
export function cancellations(streams: InvoicingStreams, issuing: Issuing, clock: () => Date) {
  return {
    cancel(invoiceId: string, reason: string, metadata: CommandMetadata): Promise<IssueOutcome> {
      return issuing.issue(async (tx) => {
        const row = await tx.invoice.findUnique({ where: { id: invoiceId } });
        if (!row) throw new Rejected(reject('invoice-not-found', 'There is no invoice with this id'));
        if (row.type === 'credit-note') throw new Rejected(reject('not-cancellable', 'A credit note cannot be cancelled'));
        const positions = await tx.position.findMany({ where: { invoiceId, status: { in: ['invoiced', 'crediting'] } } });
        const slots = positions
          .filter((p) => p.billing === 'collective-monthly')
          .map((p) => ({ municipalityId: p.municipalityId, period: monthOf(dayOf(p.serviceDate)) }));
        const held = await lockPlan(tx, {
          slots,
          invoices: [invoiceId, row.cancelledById],
          positions: positions.map((p) => p.registrationId),
        });
        const invoice = await streams.invoice(tx, held.locks, invoiceId);
        if (invoice.status === 'none') throw new Rejected(reject('invoice-not-found', 'There is no invoice with this id'));
        if (invoice.cancelledBy) {
          // Asked before: the same Stornorechnung (issued already, or held and tried again).
          if (invoice.cancelledBy.creditNoteId !== row.cancelledById) Locks.replan(`invoice ${invoiceId}`);
          return { invoiceId: invoice.cancelledBy.creditNoteId, held };
        }
        const creditNoteId = await draftCancellation(
          tx,
          held.locks,
          invoice,
          positions.map((p) => p.registrationId),
          reason,
          metadata,
        );
        return { invoiceId: creditNoteId, held };
      }, metadata);
    },
  };

  async function draftCancellation(
    tx: Tx,
    locks: Locks,
    invoice: Invoice,
    planned: readonly string[],
    reason: string,
    metadata: CommandMetadata,
  ): Promise<string> {
    const creditNoteId = randomUUID();
    const now = clock();
    // Refused unless the invoice is issued and standing; checks before anything else is written.
    await streams.decideInvoice(tx, locks, invoice.invoiceId, { type: 'RequestCancellation', creditNoteId, reason, now }, metadata);
    const invoiced: string[] = [];
    for (const registrationId of planned) {
      const position = await streams.position(tx, locks, registrationId);
      if (position.status === 'invoiced' && position.invoiceId === invoice.invoiceId) invoiced.push(registrationId);
    }
    const onInvoice = await tx.position.count({ where: { invoiceId: invoice.invoiceId, status: 'invoiced' } });
    if (onInvoice !== invoiced.length) Locks.replan(`invoice ${invoice.invoiceId}`);
    // Lines credited on their own before (cancelled registrations) are not credited twice.
    const lines = (invoice.issued?.lines ?? []).filter((l) => invoiced.includes(l.registrationId));
    if (!invoice.issued || lines.length === 0) {
      throw new Rejected(reject('not-cancellable', 'Every line of this invoice is credited already by credit notes of their own'));
    }
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
        purpose: 'cancellation',
        precedingInvoice: { invoiceId: invoice.invoiceId, number: invoice.issued.number, issueDate: invoice.issued.issueDate },
        buyer: invoice.issued.buyer,
        lines,
        reason,
        now,
      },
      metadata,
    );
    for (const registrationId of invoiced) {
      await streams.decidePosition(
        tx,
        locks,
        registrationId,
        { type: 'RequestCredit', invoiceId: invoice.invoiceId, creditNoteId, now },
        metadata,
      );
    }
    return creditNoteId;
  }
}
export type Cancellations = ReturnType<typeof cancellations>;
