import { describe, expect, it } from 'vitest';
import {
  cancelSeminar,
  create,
  fields,
  given,
  now,
  offeringCancelled,
  offeringId,
  offeringScheduled,
  publishSeminar,
  seminarCancelled,
  seminarCreated,
  seminarId,
  seminarPublished,
  terms,
  update,
} from './given.ts';

describe('creating a seminar', () => {
  it('records its fields and its status', () =>
    given()
      .when(create('draft'))
      .thenEvents([{ type: 'SeminarCreated', data: { ...fields, seminarId, status: 'draft', createdAt: now.toISOString() } }]));

  it('starts a seminar with no dates', () =>
    expect(given().when(create()).state()).toEqual({ ...fields, seminarId, status: 'published', offerings: {} }));

  it('refuses a second seminar on the same stream', () => given(seminarCreated()).when(create()).thenRejected('seminar-already-exists'));
});

describe('updating a seminar', () => {
  it('records only the fields whose value changes', () =>
    given(seminarCreated())
      .when(update({ title: 'Vergaberecht aktuell', topic: 'Vergabe', feeCents: 31000 }))
      .thenEvents([
        {
          type: 'SeminarUpdated',
          data: { seminarId, changes: { title: 'Vergaberecht aktuell', feeCents: 31000 }, updatedAt: now.toISOString() },
        },
      ]));

  it('compares lists and terms by value', () => {
    given(seminarCreated())
      .when(update({ lecturers: ['Dr. A. Beispiel'], cancellationTerms: { ...terms } }))
      .thenNothing();
    const other = { cancellationTerms: { ...terms, substituteAllowed: false } };
    given(seminarCreated())
      .when(update(other))
      .thenEvents([expect.objectContaining({ data: expect.objectContaining({ changes: other }) })]);
  });

  it('changes nothing when every value stays the same', () =>
    given(seminarCreated())
      .when(update({ title: fields.title }))
      .thenNothing());

  it('merges the changes into the seminar', () =>
    expect(
      given(seminarCreated())
        .when(update({ summary: 'Neu' }))
        .state(),
    ).toMatchObject({ ...fields, summary: 'Neu' }));

  it('refuses a seminar it does not know', () =>
    given()
      .when(update({ title: 'x' }))
      .thenRejected('seminar-not-found'));

  it('refuses a cancelled seminar', () =>
    given(seminarCreated(), seminarCancelled())
      .when(update({ title: 'x' }))
      .thenRejected('seminar-cancelled'));
});

describe('publishing a seminar', () => {
  it('publishes a draft', () =>
    given(seminarCreated('draft'))
      .when(publishSeminar())
      .thenEvents([{ type: 'SeminarPublished', data: { seminarId, publishedAt: now.toISOString() } }]));

  it('leaves its draft dates drafts', () =>
    expect(
      given(seminarCreated('draft'), offeringScheduled({ status: 'draft' }))
        .when(publishSeminar())
        .state().offerings,
    ).toEqual({ [offeringId]: expect.objectContaining({ status: 'draft' }) }));

  it('changes nothing when publishing a published seminar', () => given(seminarCreated()).when(publishSeminar()).thenNothing());

  it('refuses a cancelled or unknown seminar', () => {
    given(seminarCreated(), seminarCancelled()).when(publishSeminar()).thenRejected('seminar-cancelled');
    given().when(publishSeminar()).thenRejected('seminar-not-found');
  });
});

/** Three dates: o1 open, o2 cancelled before, o3 a draft. */
const threeDates = [
  offeringScheduled({ offeringId: 'o3', status: 'draft' }),
  offeringScheduled({ offeringId: 'o1' }),
  offeringScheduled({ offeringId: 'o2' }),
  offeringCancelled('o2'),
];

describe('cancelling a seminar', () => {
  it('cancels every date not cancelled yet in the same decision, with the same reason, in id order', () =>
    given(seminarCreated(), seminarPublished(), ...threeDates)
      .when(cancelSeminar(' Referent verstorben '))
      .thenEvents([
        {
          type: 'SeminarCancelled',
          data: { seminarId, reason: 'Referent verstorben', offeringIds: ['o1', 'o3'], cancelledAt: now.toISOString() },
        },
        { type: 'OfferingCancelled', data: { offeringId: 'o1', seminarId, reason: 'Referent verstorben', cancelledAt: now.toISOString() } },
        { type: 'OfferingCancelled', data: { offeringId: 'o3', seminarId, reason: 'Referent verstorben', cancelledAt: now.toISOString() } },
      ]));

  it('leaves no date open', () => {
    const after = given(seminarCreated(), ...threeDates)
      .when(cancelSeminar())
      .state();
    expect(after.status).toBe('cancelled');
    expect(Object.values(after.offerings).map((o) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('cancels a draft seminar too', () =>
    given(seminarCreated('draft'))
      .when(cancelSeminar('nicht mehr geplant'))
      .thenEvents([expect.objectContaining({ type: 'SeminarCancelled' })]));

  it('refuses to cancel twice, an unknown seminar, or without a reason', () => {
    given(seminarCreated(), seminarCancelled()).when(cancelSeminar()).thenRejected('seminar-already-cancelled');
    given().when(cancelSeminar()).thenRejected('seminar-not-found');
    given(seminarCreated()).when(cancelSeminar('  ')).thenRejected('invalid-field', ['reason']);
  });
});
