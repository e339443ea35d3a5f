import { describe, expect, it } from 'vitest';
import { type ConfirmedRegistration, type InvoiceCommand, type InvoiceEvent, invoiceDecider } from './invoice.ts';

const now = new Date('2027-01-10T10:00:00Z');
const registration: ConfirmedRegistration = {
  registrationId: 'r1',
  offeringId: 'o1',
  municipalityId: 'oldenburg',
  fee: { amountCents: 34000, currency: 'EUR' },
  vat: 'exempt-4-22a',
  title: 'Professionelle Pressearbeit für Kommunen',
  startsAt: '2027-02-16T09:00:00+01:00',
};

const draft = (invoiceId: string, confirmed = registration): InvoiceCommand => ({
  type: 'DraftInvoice',
  registration: confirmed,
  invoiceId,
  now,
});
const voidDraft: InvoiceCommand = { type: 'VoidDraft', reason: 'registration cancelled', now };

/** The stream's history, the command, and what the decider answers on the state the history folds to. */
const given = (...history: InvoiceEvent[]) => ({
  when: (command: InvoiceCommand) => invoiceDecider.decide(command, history.reduce(invoiceDecider.evolve, invoiceDecider.initialState())),
});

const drafted: InvoiceEvent = {
  type: 'InvoiceDrafted',
  data: {
    invoiceId: 'i1',
    registrationId: 'r1',
    offeringId: 'o1',
    municipalityId: 'oldenburg',
    total: registration.fee,
    vat: 'exempt-4-22a',
    description: 'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen (2027-02-16)',
    draftedAt: now.toISOString(),
  },
};
const voided: InvoiceEvent = {
  type: 'InvoiceVoided',
  data: { invoiceId: 'i1', registrationId: 'r1', reason: 'registration cancelled', voidedAt: now.toISOString() },
};

describe('invoice drafts', () => {
  it('drafts one invoice over the fee, with the VAT treatment the registration carries', () =>
    expect(given().when(draft('i1'))).toEqual([drafted]));

  it('drafts nothing when the registration already has an invoice', () => expect(given(drafted).when(draft('i2'))).toEqual([]));

  it('drafts nothing again after the draft was voided: a re-confirmed registration keeps its one invoice stream', () =>
    expect(given(drafted, voided).when(draft('i2'))).toEqual([]));

  it('drafts nothing for a booking without a municipality to bill', () =>
    expect(given().when(draft('i1', { ...registration, municipalityId: null }))).toEqual([]));
});

describe('voiding', () => {
  it('voids the draft when the registration is cancelled', () => expect(given(drafted).when(voidDraft)).toEqual([voided]));

  it('voids a draft once', () => expect(given(drafted, voided).when(voidDraft)).toEqual([]));

  it('has nothing to void for a registration without an invoice', () => expect(given().when(voidDraft)).toEqual([]));
});

it('reads a stream with an event type it no longer knows', () => {
  const unknown = { type: 'InvoiceRenamed', data: {} } as unknown as InvoiceEvent;
  expect(given(drafted, unknown).when(voidDraft)).toEqual([voided]);
});
