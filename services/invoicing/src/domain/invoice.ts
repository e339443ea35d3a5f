import type { Money, VatTreatment } from '@seminarwerk/contracts';

export type InvoiceEvent =
  | {
      type: 'InvoiceDrafted';
      data: {
        invoiceId: string;
        registrationId: string;
        offeringId: string;
        municipalityId: string;
        total: Money;
        vat: VatTreatment;
        description: string;
        draftedAt: string;
      };
    }
  | { type: 'InvoiceVoided'; data: { invoiceId: string; registrationId: string; reason: string; voidedAt: string } };

export type InvoiceState = { status: 'none' } | { status: 'draft' | 'voided'; invoiceId: string; registrationId: string };

export function evolve(state: InvoiceState, event: InvoiceEvent): InvoiceState {
  switch (event.type) {
    case 'InvoiceDrafted':
      return { status: 'draft', invoiceId: event.data.invoiceId, registrationId: event.data.registrationId };
    case 'InvoiceVoided':
      return state.status === 'none' ? state : { ...state, status: 'voided' };
  }
}

export interface ConfirmedRegistration {
  registrationId: string;
  offeringId: string;
  municipalityId: string | null;
  fee: Money;
  title: string;
  startsAt: string;
}

/**
 * A confirmed registration booked for a municipality gets one draft invoice. Seminar fees of a
 * public training institute are VAT-exempt under § 4 Nr. 22a UStG unless the seminar says otherwise.
 */
export function draftInvoice(
  state: InvoiceState,
  registration: ConfirmedRegistration,
  vat: VatTreatment,
  invoiceId: string,
  now: Date,
): InvoiceEvent[] {
  if (state.status !== 'none' || !registration.municipalityId) return [];
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
        vat,
        description: `Teilnahmegebühr: ${registration.title} (${date})`,
        draftedAt: now.toISOString(),
      },
    },
  ];
}

/** A draft is not yet an invoice: cancelling the registration voids it. Issued invoices need a Stornorechnung (later). */
export function voidDraft(state: InvoiceState, reason: string, now: Date): InvoiceEvent[] {
  if (state.status !== 'draft') return [];
  return [
    {
      type: 'InvoiceVoided',
      data: { invoiceId: state.invoiceId, registrationId: state.registrationId, reason, voidedAt: now.toISOString() },
    },
  ];
}
