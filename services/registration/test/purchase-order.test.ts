import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));

/** The `registration.confirmed.v1` events of an offering, once `count` of them are published. */
async function confirmations(offeringId: string, count: number): Promise<Json[]> {
  const isConfirmation = (e: Json) => e.type === 'registration.confirmed.v1';
  const events = await registration.events.of(offeringId, (e) => e.filter(isConfirmation).length >= count);
  return events.filter(isConfirmation).map((e) => e.data);
}

describe('purchase order references (Bestellnummer / Aktenzeichen, XRechnung BT-13)', () => {
  it('keeps the reference of a registration in the resource, the list and the confirmation event; none is null', async () => {
    const offeringId = await openOffering(registration, { capacity: 5 });
    const withRef = await oldenburg().post<Json>('/registrations', {
      offeringId,
      participant: person('ida'),
      purchaseOrderReference: '  AZ 11-04/2027 ',
    });
    expect(withRef.status).toBe(201);
    expect(withRef.body.purchaseOrderReference).toBe('AZ 11-04/2027');
    const without = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('jan') });
    expect(without.body.purchaseOrderReference).toBeNull();

    expect((await oldenburg().get<Json>(`/registrations/${withRef.body.id}`)).body.purchaseOrderReference).toBe('AZ 11-04/2027');
    const listed = (await oldenburg().get<Json>(`/registrations?offeringId=${offeringId}`)).body.items as Json[];
    expect(listed.map((r) => r.purchaseOrderReference)).toEqual(['AZ 11-04/2027', null]);

    const [first, second] = await confirmations(offeringId, 2);
    expect(first).toMatchObject({ registrationId: withRef.body.id, purchaseOrderReference: 'AZ 11-04/2027' });
    expect(second?.registrationId).toBe(without.body.id);
    expect(second).not.toHaveProperty('purchaseOrderReference');
  });

  it('refuses a reference longer than 100 characters', async () => {
    const offeringId = await openOffering(registration);
    const tooLong = await oldenburg().post<Json>('/registrations', {
      offeringId,
      participant: person('kai'),
      purchaseOrderReference: 'x'.repeat(101),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([expect.objectContaining({ field: 'purchaseOrderReference' })]);
  });

  it("gives a group booking's reference to everyone in it unless a person brings their own", async () => {
    const offeringId = await openOffering(registration, { capacity: 5 });
    const booked = await registration.as(backOfficePrincipal()).post<Json>('/registration-batches', {
      municipalityId: 'oldenburg',
      purchaseOrderReference: 'BN-2027-100',
      registrations: [
        { offeringId, participant: person('lea') },
        { offeringId, participant: person('max'), purchaseOrderReference: 'BN-2027-200' },
      ],
    });
    expect(booked.status).toBe(201);
    const [lea, max] = (booked.body.results as Json[]).map((r) => r.registrationId as string);

    const rows = await registration.db.query<{ id: string; purchase_order_reference: string }>(
      'SELECT id, purchase_order_reference FROM registrations WHERE offering_id = $1',
      [offeringId],
    );
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.purchase_order_reference]))).toEqual({
      [lea as string]: 'BN-2027-100',
      [max as string]: 'BN-2027-200',
    });
    const published = await confirmations(offeringId, 2);
    expect(Object.fromEntries(published.map((e) => [e.registrationId, e.purchaseOrderReference]))).toEqual({
      [lea as string]: 'BN-2027-100',
      [max as string]: 'BN-2027-200',
    });
  });

  it('publishes the reference again when a waitlisted person is promoted', async () => {
    const offeringId = await openOffering(registration, { capacity: 1 });
    const first = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('nele') });
    const waiting = await oldenburg().post<Json>('/registrations', {
      offeringId,
      participant: person('otto'),
      purchaseOrderReference: 'AZ 40-1',
    });
    expect(waiting.body).toMatchObject({ status: 'waitlisted', purchaseOrderReference: 'AZ 40-1' });
    await oldenburg().post(`/registrations/${first.body.id}/cancel`);

    const [, promoted] = await confirmations(offeringId, 2);
    expect(promoted).toMatchObject({ registrationId: waiting.body.id, via: 'waitlist', purchaseOrderReference: 'AZ 40-1' });
    expect((await oldenburg().get<Json>(`/registrations/${waiting.body.id}`)).body).toMatchObject({
      status: 'confirmed',
      purchaseOrderReference: 'AZ 40-1',
    });
  });
});
