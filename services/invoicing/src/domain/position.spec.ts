import { describe, expect, it } from 'vitest';
import type { LegacyPositionEvent } from './legacy-events.ts';
import { cancellationNeeds, type PositionCommand, type PositionFacts, positionDecider, type StoredPositionEvent } from './position.ts';

const now = new Date('2027-02-01T10:00:00Z');
const at = now.toISOString();
const facts: PositionFacts = {
  registrationId: 'r1',
  offeringId: 'o1',
  municipalityId: 'oldenburg',
  participant: 'Anna Meyer',
  title: 'Professionelle Pressearbeit für Kommunen',
  serviceDate: '2027-02-16',
  lastDay: '2027-02-16',
  fee: { amountCents: 34_000, currency: 'EUR' },
  vat: 'exempt-4-22a',
  purchaseOrderReference: 'AZ 11-04/2027',
  billing: 'per-registration',
};

const stateAfter = (history: StoredPositionEvent[]) => history.reduce(positionDecider.evolve, positionDecider.initialState());
const given = (...history: StoredPositionEvent[]) => ({
  when: (command: PositionCommand) => ({
    yields: (expected: unknown) => expect(positionDecider.decide(command, stateAfter(history))).toEqual(expected),
  }),
});

const opened: StoredPositionEvent = { type: 'PositionOpened', data: { ...facts, invoiceId: 'd1', openedAt: at } };
const invoiced: StoredPositionEvent = {
  type: 'PositionInvoiced',
  data: { registrationId: 'r1', invoiceId: 'd1', charge: { kind: 'fee', feePercent: 100, netCents: 34_000 }, invoicedAt: at },
};
const cancel = (
  kind: 'free' | 'late' | 'no-show',
  feePercent: number,
  ids: { creditNoteId?: string; draftId?: string } = {},
  reason: 'participant' | 'institute' = 'participant',
): PositionCommand => ({
  type: 'CancelPosition',
  reason,
  classification: { kind, feePercent },
  creditNoteId: ids.creditNoteId ?? null,
  draftId: ids.draftId ?? null,
  now,
});
const cancelled = (kind: 'free' | 'late' | 'no-show', feePercent: number, owed: unknown, reason = 'participant') => ({
  type: 'PositionCancelled',
  data: { registrationId: 'r1', reason, classification: { kind, feePercent }, owed, cancelledAt: at },
});

describe('opening a position', () => {
  it('opens on the draft it is given, owing the full fee', () =>
    given().when({ type: 'OpenPosition', facts, invoiceId: 'd1', now }).yields([opened]));

  it('opens nothing for a registration that has its position', () =>
    given(opened).when({ type: 'OpenPosition', facts, invoiceId: 'd2', now }).yields([]));

  it('owes the full fee once open', () =>
    expect(stateAfter([opened])).toMatchObject({
      status: 'open',
      invoiceId: 'd1',
      owed: { kind: 'fee', feePercent: 100, netCents: 34_000 },
    }));
});

describe('a cancellation before invoicing', () => {
  it('removes the position from its draft when it is free', () =>
    given(opened)
      .when(cancel('free', 0))
      .yields([cancelled('free', 0, null), { type: 'PositionRemoved', data: { registrationId: 'r1', invoiceId: 'd1', removedAt: at } }]));

  it('is free when the institute cancelled, whatever the classification says', () =>
    given(opened)
      .when(cancel('late', 50, {}, 'institute'))
      .yields([
        cancelled('late', 50, null, 'institute'),
        { type: 'PositionRemoved', data: { registrationId: 'r1', invoiceId: 'd1', removedAt: at } },
      ]));

  it('turns the fee into a cancellation fee at the terms’ percent when late, on the same draft', () =>
    given(opened)
      .when(cancel('late', 50))
      .yields([cancelled('late', 50, { kind: 'cancellation-fee', feePercent: 50, netCents: 17_000 })]));

  it('turns the fee into a no-show fee', () =>
    given(opened)
      .when(cancel('no-show', 100))
      .yields([cancelled('no-show', 100, { kind: 'no-show-fee', feePercent: 100, netCents: 34_000 })]));

  it('rounds a fee share half up to the cent', () =>
    given({ type: 'PositionOpened', data: { ...facts, fee: { amountCents: 12_345, currency: 'EUR' }, invoiceId: 'd1', openedAt: at } })
      .when(cancel('late', 50))
      .yields([cancelled('late', 50, { kind: 'cancellation-fee', feePercent: 50, netCents: 6_173 })]));

  it('bills nothing for a late cancellation whose terms say 0 %', () =>
    given(opened)
      .when(cancel('late', 0))
      .yields([cancelled('late', 0, null), { type: 'PositionRemoved', data: { registrationId: 'r1', invoiceId: 'd1', removedAt: at } }]));

  it('changes nothing on a second cancellation', () =>
    given(opened, cancelled('late', 50, null) as StoredPositionEvent)
      .when(cancel('free', 0))
      .yields([]));
});

describe('a cancellation after invoicing', () => {
  it('needs a credit note for the invoiced line when it is free, and no draft', () =>
    expect(cancellationNeeds(stateAfter([opened, invoiced]), 'participant', { kind: 'free', feePercent: 0 })).toEqual({
      creditNote: true,
      draft: false,
    }));

  it('credits the invoiced line when free', () =>
    given(opened, invoiced)
      .when(cancel('free', 0, { creditNoteId: 'c1' }))
      .yields([
        cancelled('free', 0, null),
        { type: 'PositionCredited', data: { registrationId: 'r1', invoiceId: 'd1', creditNoteId: 'c1', creditedAt: at } },
      ]));

  it('credits the line and bills the cancellation fee on a new draft when late', () =>
    given(opened, invoiced)
      .when(cancel('late', 50, { creditNoteId: 'c1', draftId: 'd2' }))
      .yields([
        cancelled('late', 50, { kind: 'cancellation-fee', feePercent: 50, netCents: 17_000 }),
        { type: 'PositionCredited', data: { registrationId: 'r1', invoiceId: 'd1', creditNoteId: 'c1', creditedAt: at } },
        { type: 'PositionPlaced', data: { registrationId: 'r1', invoiceId: 'd2', placedAt: at } },
      ]));

  it('lets an invoiced line stand that already bills what is owed (a no-show at 100 %)', () => {
    expect(cancellationNeeds(stateAfter([opened, invoiced]), 'participant', { kind: 'no-show', feePercent: 100 })).toEqual({
      creditNote: false,
      draft: false,
    });
    given(opened, invoiced)
      .when(cancel('no-show', 100))
      .yields([cancelled('no-show', 100, { kind: 'no-show-fee', feePercent: 100, netCents: 34_000 })]);
  });
});

describe('changes of the registration', () => {
  it('renames the participant of an uninvoiced position', () =>
    given(opened)
      .when({ type: 'RenameParticipant', participant: 'Ömer Yıldız', now })
      .yields([
        { type: 'PositionRenamed', data: { registrationId: 'r1', participant: 'Ömer Yıldız', previous: 'Anna Meyer', renamedAt: at } },
      ]));

  it('records when registration substituted, which an erasure of the person replaced names', () =>
    given(opened)
      .when({ type: 'RenameParticipant', participant: 'Ömer Yıldız', substitutedAt: '2027-02-01T10:00:00.000Z', now })
      .yields([
        {
          type: 'PositionRenamed',
          data: {
            registrationId: 'r1',
            participant: 'Ömer Yıldız',
            previous: 'Anna Meyer',
            substitutedAt: '2027-02-01T10:00:00.000Z',
            renamedAt: at,
          },
        },
      ]));

  it('never changes an invoiced position', () => {
    given(opened, invoiced).when({ type: 'RenameParticipant', participant: 'Ömer Yıldız', now }).yields([]);
    given(opened, invoiced)
      .when({ type: 'ReschedulePosition', serviceDate: '2027-03-02', lastDay: '2027-03-02', invoiceId: 'd1', now })
      .yields([]);
  });

  it('moves the date of an uninvoiced position, onto the draft it is given', () =>
    given(opened)
      .when({ type: 'ReschedulePosition', serviceDate: '2027-03-02', lastDay: '2027-03-03', invoiceId: 'd9', now })
      .yields([
        {
          type: 'PositionRescheduled',
          data: {
            registrationId: 'r1',
            serviceDate: '2027-03-02',
            lastDay: '2027-03-03',
            previousServiceDate: '2027-02-16',
            invoiceId: 'd9',
            rescheduledAt: at,
          },
        },
      ]));
});

describe('issuing and cancelling its invoice', () => {
  it('is invoiced with what it owes, from the draft it is on', () =>
    given(opened).when({ type: 'MarkInvoiced', invoiceId: 'd1', now }).yields([invoiced]));

  it('refuses to be invoiced by a draft it is not on', () =>
    expect(positionDecider.decide({ type: 'MarkInvoiced', invoiceId: 'd2', now }, stateAfter([opened]))).toMatchObject({
      code: 'not-issuable',
    }));

  it('waits for the Stornorechnung, then goes on a new draft with what it owes', () => {
    const pending: StoredPositionEvent = {
      type: 'PositionCreditPending',
      data: { registrationId: 'r1', invoiceId: 'd1', creditNoteId: 'c1', at },
    };
    given(opened, invoiced).when({ type: 'RequestCredit', invoiceId: 'd1', creditNoteId: 'c1', now }).yields([pending]);
    given(opened, invoiced, pending)
      .when({ type: 'CompleteCredit', creditNoteId: 'c1', draftId: 'd2', now })
      .yields([
        { type: 'PositionCredited', data: { registrationId: 'r1', invoiceId: 'd1', creditNoteId: 'c1', creditedAt: at } },
        { type: 'PositionPlaced', data: { registrationId: 'r1', invoiceId: 'd2', placedAt: at } },
      ]);
  });

  it('is not credited twice: a line credited on its own is not part of the invoice’s Stornorechnung', () => {
    const credited: StoredPositionEvent = {
      type: 'PositionCredited',
      data: { registrationId: 'r1', invoiceId: 'd1', creditNoteId: 'c1', creditedAt: at },
    };
    given(opened, invoiced, cancelled('free', 0, null) as StoredPositionEvent, credited)
      .when({ type: 'RequestCredit', invoiceId: 'd1', creditNoteId: 'c2', now })
      .yields([]);
  });
});

describe('drafts of before issue 9', () => {
  const drafted: LegacyPositionEvent = {
    type: 'InvoiceDrafted',
    data: {
      invoiceId: 'd1',
      registrationId: 'r1',
      offeringId: 'o1',
      municipalityId: 'oldenburg',
      total: { amountCents: 28_500, currency: 'EUR' },
      vat: 'exempt-4-22a',
      description: 'Teilnahmegebühr: Vergaberecht kompakt (2027-03-01)',
      draftedAt: '2026-12-01T10:00:00.000Z',
    },
  };

  it('fold to an open per-registration position on that draft, without a participant name', () =>
    expect(stateAfter([drafted])).toEqual({
      status: 'open',
      invoiceId: 'd1',
      cancelled: false,
      owed: { kind: 'fee', feePercent: 100, netCents: 28_500 },
      facts: {
        registrationId: 'r1',
        offeringId: 'o1',
        municipalityId: 'oldenburg',
        participant: '',
        title: 'Vergaberecht kompakt',
        serviceDate: '2027-03-01',
        lastDay: '2027-03-01',
        fee: { amountCents: 28_500, currency: 'EUR' },
        vat: 'exempt-4-22a',
        purchaseOrderReference: null,
        billing: 'per-registration',
      },
    }));

  it('fold a voided draft to a closed, cancelled position', () =>
    expect(
      stateAfter([
        drafted,
        { type: 'InvoiceVoided', data: { invoiceId: 'd1', registrationId: 'r1', reason: 'registration cancelled', voidedAt: at } },
      ]),
    ).toMatchObject({
      status: 'closed',
      cancelled: true,
      owed: null,
    }));

  it('take new commands', () =>
    given(drafted)
      .when(cancel('late', 50))
      .yields([cancelled('late', 50, { kind: 'cancellation-fee', feePercent: 50, netCents: 14_250 })]));
});

it('reads a stream with an event type it no longer knows', () => {
  const unknown = { type: 'PositionRenumbered', data: {} } as unknown as StoredPositionEvent;
  expect(stateAfter([opened, unknown])).toEqual(stateAfter([opened]));
});
