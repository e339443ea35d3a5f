import { randomUUID } from 'node:crypto';
import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));

async function storedEvents(offeringId: string): Promise<number> {
  const { rows } = await registration.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [
    `offering-${offeringId}`,
  ]);
  return rows[0]?.n ?? 0;
}

describe('group booking', () => {
  it('answers per person in the given order: seats first, then the waiting list; refusals do not stop the others', async () => {
    const offeringId = await openOffering(registration, { capacity: 3 });
    const existing = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('xaver') });
    expect(existing.body.status).toBe('confirmed');
    const group = ['anna', 'bert', 'xaver', 'cora', 'dirk'].map((name) => ({ offeringId, participant: person(name) }));
    const expected = [
      { index: 0, outcome: 'confirmed' },
      { index: 1, outcome: 'confirmed' },
      { index: 2, outcome: 'refused', refusal: { code: 'already-registered', existingRegistrationId: existing.body.id } },
      { index: 3, outcome: 'waitlisted', waitlistPosition: 1 },
      { index: 4, outcome: 'waitlisted', waitlistPosition: 2 },
    ];

    const before = await storedEvents(offeringId);
    const dryRun = await oldenburg().post<Json>('/registration-batches', { dryRun: true, registrations: group });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toMatchObject({ dryRun: true, results: expected, summary: { confirmed: 2, waitlisted: 2, refused: 1 } });
    // A dry run books nothing: no event, no registration.
    expect(await storedEvents(offeringId)).toBe(before);
    expect((await oldenburg().get<Json>(`/registrations?offeringId=${offeringId}`)).body.items).toHaveLength(1);

    const booked = await oldenburg().post<Json>('/registration-batches', { registrations: group });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ dryRun: false, results: expected, summary: { confirmed: 2, waitlisted: 2, refused: 1 } });
    const all = await oldenburg().get<Json>(`/registrations?offeringId=${offeringId}&limit=50`);
    expect(all.body.items.map((r: Json) => r.participant.firstName).sort()).toEqual(['anna', 'bert', 'cora', 'dirk', 'xaver']);
    for (const result of booked.body.results.filter((r: Json) => r.registrationId)) {
      const stored = await oldenburg().get<Json>(`/registrations/${result.registrationId}`);
      expect(stored.body).toMatchObject({ status: result.outcome, municipalityId: 'oldenburg' });
    }
  });

  it('decides each offering of a mixed batch on its own and refuses people for a date that is not open', async () => {
    const small = await openOffering(registration, { capacity: 1 });
    const unknown = randomUUID();
    const response = await registration.as(backOfficePrincipal()).post<Json>('/registration-batches', {
      municipalityId: 'hannover',
      registrations: [
        { offeringId: small, participant: person('eva') },
        { offeringId: unknown, participant: person('fritz') },
        { offeringId: small, participant: person('gesa') },
      ],
    });
    expect(response.status).toBe(201);
    expect(response.body.results).toMatchObject([
      { index: 0, offeringId: small, outcome: 'confirmed' },
      { index: 1, offeringId: unknown, outcome: 'refused', refusal: { code: 'offering-not-open' } },
      { index: 2, offeringId: small, outcome: 'waitlisted', waitlistPosition: 1 },
    ]);
    const billed = await registration.as(municipalityPrincipal('hannover')).get<Json>(`/registrations?offeringId=${small}`);
    // One batch is one transaction: its registrations are equally old, so the list orders them by id.
    expect(billed.body.items.map((r: Json) => r.participant.firstName).sort()).toEqual(['eva', 'gesa']);
    expect(await storedEvents(unknown)).toBe(0);
  });

  it('books nobody when writing one person fails after the others were decided, across offerings and within one', async () => {
    const [first, second] = [await openOffering(registration, { capacity: 5 }), await openOffering(registration, { capacity: 5 })];
    const registrations = [
      { offeringId: first, participant: person('hugo') },
      { offeringId: second, participant: person('ines') },
      { offeringId: first, participant: { ...person('jana'), lastName: 'Kaputt' } },
    ];
    // A write that fails for one person only, after every decision was taken (as text the database refuses did).
    await registration.db.query(`ALTER TABLE registrations ADD CONSTRAINT test_refuses_kaputt CHECK (last_name <> 'Kaputt') NOT VALID`);
    try {
      expect((await oldenburg().post<Json>('/registration-batches', { registrations })).status).toBe(500);
    } finally {
      await registration.db.query('ALTER TABLE registrations DROP CONSTRAINT test_refuses_kaputt');
    }
    expect([await storedEvents(first), await storedEvents(second)]).toEqual([1, 1]); // opened, nothing booked

    // So the retry (same Idempotency-Key: a 500 is not kept) books everyone once.
    const retried = await oldenburg().post<Json>('/registration-batches', { registrations });
    expect(retried.status).toBe(201);
    expect(retried.body.summary).toEqual({ confirmed: 3, waitlisted: 0, refused: 0 });
  });

  it('refuses more than 200 people in one batch, naming the field', async () => {
    const registrations = Array.from({ length: 201 }, (_, i) => ({ offeringId: randomUUID(), participant: person(`p${i}`) }));
    const response = await oldenburg().post<Json>('/registration-batches', { registrations });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ type: expect.stringMatching(/validation-failed$/), errors: [{ field: 'registrations' }] });
  });
});
