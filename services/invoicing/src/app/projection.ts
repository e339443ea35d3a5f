import type { Recorded } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { InvoiceEvent, InvoiceState } from '../domain/invoice.ts';
import type { PositionState, StoredPositionEvent } from '../domain/position.ts';
import { day, json } from './rows.ts';

/**
 * The read models are written from the folded state, in the transaction that recorded the events: a row is
 * always what its stream folds to, whatever events led there (legacy ones included).
 */
export async function projectPosition(tx: Tx, recorded: readonly Recorded<StoredPositionEvent>[], state: PositionState): Promise<void> {
  if (state.status === 'none' || recorded.length === 0) return;
  const { facts, owed } = state;
  const row = {
    offeringId: facts.offeringId,
    municipalityId: facts.municipalityId,
    participant: facts.participant,
    title: facts.title,
    serviceDate: day(facts.serviceDate),
    lastDay: day(facts.lastDay),
    feeCents: facts.fee.amountCents,
    vat: facts.vat,
    purchaseOrderReference: facts.purchaseOrderReference,
    billing: facts.billing,
    status: state.status,
    owedKind: owed?.kind ?? null,
    owedPercent: owed?.feePercent ?? null,
    owedCents: owed?.netCents ?? null,
    invoiceId: state.status === 'closed' ? null : state.invoiceId,
    cancelled: state.cancelled,
    updatedAt: recorded.at(-1)!.recordedAt,
  };
  await tx.position.upsert({
    where: { registrationId: facts.registrationId },
    create: { registrationId: facts.registrationId, ...row },
    update: row,
  });
}

export async function projectInvoice(tx: Tx, recorded: readonly Recorded<InvoiceEvent>[], state: InvoiceState): Promise<void> {
  if (state.status === 'none' || recorded.length === 0) return;
  const at = recorded.at(-1)!.recordedAt;
  const { issued, creditNote } = state;
  const row = {
    type: state.type,
    status: state.status,
    municipalityId: state.municipalityId,
    billing: state.billing,
    period: state.period,
    registrationId: state.registration?.registrationId ?? null,
    offeringId: state.registration?.offeringId ?? null,
    number: issued?.number ?? null,
    issueDate: issued ? day(issued.issueDate) : null,
    dueDate: issued?.dueDate ? day(issued.dueDate) : null,
    buyer: json(issued?.buyer ?? creditNote?.buyer ?? null),
    purchaseOrderReference: issued?.purchaseOrderReference ?? null,
    lines: json(issued?.lines ?? creditNote?.lines ?? null),
    netCents: issued?.totals.netCents ?? null,
    vatCents: issued?.totals.vatCents ?? null,
    grossCents: issued?.totals.grossCents ?? null,
    paidCents: state.paidCents,
    precedingInvoiceId: creditNote?.precedingInvoice.invoiceId ?? null,
    precedingNumber: creditNote?.precedingInvoice.number ?? null,
    precedingIssueDate: creditNote ? day(creditNote.precedingInvoice.issueDate) : null,
    creditPurpose: creditNote?.purpose ?? null,
    reason: creditNote?.reason ?? null,
    cancelledById: state.cancelledBy?.creditNoteId ?? null,
    cancelledByNumber: state.cancelledBy?.number ?? null,
    holdReason: state.hold?.reason ?? null,
    holdDetail: state.hold?.detail ?? null,
    validation: json(state.validation),
    updatedAt: at,
  };
  await tx.invoice.upsert({
    where: { id: state.invoiceId },
    create: { id: state.invoiceId, ...row, createdAt: recorded[0]!.recordedAt },
    update: row,
  });
  for (const event of recorded) {
    if (event.type !== 'PaymentRecorded') continue;
    const d = event.data;
    await tx.invoicePayment.create({
      data: {
        id: d.paymentId,
        invoiceId: d.invoiceId,
        amountCents: d.amountCents,
        paidOn: day(d.paidOn),
        reference: d.reference,
        recordedAt: event.recordedAt,
      },
    });
  }
}
