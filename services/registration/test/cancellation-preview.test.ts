import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const backOffice = () => registration.as(backOfficePrincipal());
const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));
const hannover = () => registration.as(municipalityPrincipal('hannover'));

/** The stream's version and the outbox's size: what a decision that records something would change. */
async function recorded(offeringId: string) {
  const { rows } = await registration.db.query<{ version: number; outbox: number }>(
    `SELECT (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $1)::int AS version,
            (SELECT count(*) FROM outbox)::int AS outbox`,
    [`offering-${offeringId}`],
  );
  const [row] = rows;
  if (!row) throw new Error('no row');
  return row;
}

describe('a cancellation previewed with dryRun', () => {
  it('names the fee and who moves up, changes nothing, and is what the cancellation then records', async () => {
    // Late from the day it opens: 50 % of 9.99 EUR is 5.00 EUR (half a cent rounds up, as invoicing bills it).
    const offeringId = await openOffering(registration, {
      capacity: 1,
      fee: { amountCents: 999, currency: 'EUR' },
      cancellationTerms: { freeUntilDaysBefore: 10_000, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
    });
    const anna = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('anna') });
    const ben = await hannover().post<Json>('/registrations', { offeringId, participant: person('ben') });
    expect([anna.body.status, ben.body.status]).toEqual(['confirmed', 'waitlisted']);
    const before = await recorded(offeringId);

    const preview = await oldenburg().post<Json>(`/registrations/${anna.body.id}/cancel`, { dryRun: true });
    expect(await recorded(offeringId)).toEqual(before);
    expect(preview.status).toBe(200);
    // Ben was booked by Hannover: Oldenburg learns that someone moves up, not who.
    expect(preview.body).toEqual({
      dryRun: true,
      registrationId: anna.body.id,
      offeringId,
      status: 'confirmed',
      cancellation: { reason: 'participant', kind: 'late', feePercent: 50, amount: { amountCents: 500, currency: 'EUR' } },
      movesUp: [{ registrationId: ben.body.id }],
    });
    const staffPreview = await backOffice().post<Json>(`/registrations/${anna.body.id}/cancel`, { dryRun: true });
    expect(staffPreview.body.movesUp).toEqual([{ registrationId: ben.body.id, participant: { firstName: 'ben', lastName: 'Muster' } }]);
    expect(await recorded(offeringId)).toEqual(before);
    expect((await oldenburg().get<Json>(`/registrations/${anna.body.id}`)).body.status).toBe('confirmed');

    const cancelled = await oldenburg().post<Json>(`/registrations/${anna.body.id}/cancel`, { dryRun: false });
    const { amount: _, ...classification } = preview.body.cancellation;
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: classification });
    expect((await hannover().get<Json>(`/registrations/${ben.body.id}`)).body.status).toBe('confirmed');
    expect((await recorded(offeringId)).version).toBe(before.version + 2);
  });

  it('is refused as the cancellation would be, and hides other municipalities’ registrations', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const anna = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('anna') });
    const free = await oldenburg().post<Json>(`/registrations/${anna.body.id}/cancel`, { dryRun: true });
    expect(free.body.cancellation).toEqual({
      reason: 'participant',
      kind: 'free',
      feePercent: 0,
      amount: { amountCents: 0, currency: 'EUR' },
    });
    expect(free.body.movesUp).toEqual([]);
    expect((await hannover().post(`/registrations/${anna.body.id}/cancel`, { dryRun: true })).status).toBe(404);
    expect((await oldenburg().post(`/registrations/${anna.body.id}/cancel`, { dryRun: 'yes' })).status).toBe(400);

    await oldenburg().post(`/registrations/${anna.body.id}/cancel`);
    const again = await oldenburg().post<Json>(`/registrations/${anna.body.id}/cancel`, { dryRun: true });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/already-cancelled$/);
  });

  it('shows a substitution the same way, without making it', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const anna = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('anna') });
    const before = await recorded(offeringId);
    const preview = await oldenburg().post<Json>(`/registrations/${anna.body.id}/substitute`, {
      participant: person('carla'),
      dryRun: true,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      dryRun: true,
      registration: { id: anna.body.id, status: 'confirmed', participant: person('carla') },
    });
    expect(await recorded(offeringId)).toEqual(before);
    expect((await oldenburg().get<Json>(`/registrations/${anna.body.id}`)).body.participant).toEqual(person('anna'));
  });
});
