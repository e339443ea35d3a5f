import type { Money, VatTreatment } from './money.ts';
import type { PositionCancelled, PositionEvent, PositionOpened, PositionRemoved } from './position-events.ts';

/**
 * Events of `registration-invoice-<registrationId>` streams recorded before issue 9, when that stream was the
 * registration's one draft invoice. Recorded events are never rewritten; they are upcast to position events
 * when read. Migration 20261215000000_positions_and_issuing gave each such draft its own invoice stream.
 */
export interface LegacyInvoiceDrafted {
  readonly type: 'InvoiceDrafted';
  readonly data: {
    readonly invoiceId: string;
    readonly registrationId: string;
    readonly offeringId: string;
    readonly municipalityId: string;
    readonly total: Money;
    readonly vat: VatTreatment;
    /** `Teilnahmegebühr: <title> (<YYYY-MM-DD>)` */
    readonly description: string;
    readonly draftedAt: string;
  };
}

export interface LegacyInvoiceVoided {
  readonly type: 'InvoiceVoided';
  readonly data: { readonly invoiceId: string; readonly registrationId: string; readonly reason: string; readonly voidedAt: string };
}

export type LegacyPositionEvent = LegacyInvoiceDrafted | LegacyInvoiceVoided;

const DESCRIPTION = /^Teilnahmegebühr: (.*) \((\d{4}-\d{2}-\d{2})\)$/s;

/**
 * A draft of before became an open position on that draft, billed per registration (collective billing did not
 * exist). The participant's name was not recorded then: the line shows none. A voided draft was a free
 * cancellation: the position is cancelled and removed from its draft.
 */
export function upcastLegacy(event: LegacyPositionEvent): PositionEvent[] {
  if (event.type === 'InvoiceVoided') {
    const { registrationId, invoiceId, voidedAt } = event.data;
    const cancelled: PositionCancelled = {
      type: 'PositionCancelled',
      data: { registrationId, reason: 'participant', classification: { kind: 'free', feePercent: 0 }, owed: null, cancelledAt: voidedAt },
    };
    const removed: PositionRemoved = { type: 'PositionRemoved', data: { registrationId, invoiceId, removedAt: voidedAt } };
    return [cancelled, removed];
  }
  const d = event.data;
  const match = DESCRIPTION.exec(d.description);
  const serviceDate = match?.[2] ?? d.draftedAt.slice(0, 10);
  const opened: PositionOpened = {
    type: 'PositionOpened',
    data: {
      registrationId: d.registrationId,
      offeringId: d.offeringId,
      municipalityId: d.municipalityId,
      participant: '',
      title: match?.[1] ?? d.description,
      serviceDate,
      lastDay: serviceDate,
      fee: d.total,
      vat: d.vat,
      purchaseOrderReference: null,
      billing: 'per-registration',
      invoiceId: d.invoiceId,
      openedAt: d.draftedAt,
    },
  };
  return [opened];
}
