import { describe, expect, it } from 'vitest';
import { type ConfirmedRegistration, draftInvoice, evolve, type InvoiceState, voidDraft } from './invoice.ts';

const now = new Date('2027-01-10T10:00:00Z');
const confirmed: ConfirmedRegistration = {
  registrationId: 'r1',
  offeringId: 'o1',
  municipalityId: 'oldenburg',
  fee: { amountCents: 34000, currency: 'EUR' },
  title: 'Professionelle Pressearbeit für Kommunen',
  startsAt: '2027-02-16T09:00:00+01:00',
};
const none: InvoiceState = { status: 'none' };

describe('invoice drafts', () => {
  it('drafts one VAT-exempt invoice over the fee for a confirmed registration', () => {
    expect(draftInvoice(none, confirmed, 'exempt-4-22a', 'i1', now)).toEqual([
      {
        type: 'InvoiceDrafted',
        data: expect.objectContaining({ invoiceId: 'i1', total: confirmed.fee, vat: 'exempt-4-22a', municipalityId: 'oldenburg' }),
      },
    ]);
  });

  it('drafts nothing when the registration already has an invoice', () => {
    const drafted = evolve(none, draftInvoice(none, confirmed, 'exempt-4-22a', 'i1', now)[0]!);
    expect(draftInvoice(drafted, confirmed, 'exempt-4-22a', 'i2', now)).toEqual([]);
  });

  it('drafts nothing for a booking without a municipality to bill', () => {
    expect(draftInvoice(none, { ...confirmed, municipalityId: null }, 'exempt-4-22a', 'i1', now)).toEqual([]);
  });

  it('voids a draft when the registration is cancelled, once', () => {
    const drafted = evolve(none, draftInvoice(none, confirmed, 'exempt-4-22a', 'i1', now)[0]!);
    const voided = voidDraft(drafted, 'registration cancelled', now);
    expect(voided).toMatchObject([{ type: 'InvoiceVoided', data: { invoiceId: 'i1' } }]);
    expect(voidDraft(evolve(drafted, voided[0]!), 'again', now)).toEqual([]);
  });
});
