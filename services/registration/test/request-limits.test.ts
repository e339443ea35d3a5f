import { backOfficePrincipal, municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, openOffering, person, startRegistrationUnderTest } from './catalogue.ts';

// What a request may carry (docs/api.md, Limits). Text PostgreSQL cannot store (NUL, an unpaired surrogate) is
// answered 400 naming the field, before anything is decided; it used to reach the database and come back as 500.

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));

/** The registrations the offering's stream recorded: confirmed, waitlisted or anything after. */
const recordedRegistrations = async (offeringId: string) =>
  (await registration.db.query("SELECT 1 FROM events WHERE stream_id = $1 AND type LIKE 'Registration%'", [`offering-${offeringId}`]))
    .rowCount;

/** The body as a client writes it, escapes and all: `JSON.parse` turns `\uD800` into a lone surrogate and keeps it. */
const raw = (offeringId: string, firstName: string) =>
  `{"offeringId":"${offeringId}","participant":{"firstName":"${firstName}","lastName":"Muster","email":"nina@registration.example"}}`;

const refusal = (field: string) => ({
  status: 400,
  body: expect.objectContaining({
    type: expect.stringMatching(/validation-failed$/),
    errors: [{ field, detail: expect.stringMatching(/NUL character .* unpaired surrogate/) }],
  }),
});

describe('a registration with text the database cannot store', () => {
  it.each([
    ['a NUL character', 'N\\u0000'],
    ['an unpaired high surrogate', 'N\\uD800'],
    ['an unpaired low surrogate', '\\uDC00N'],
  ])('is refused with 400 naming the field: %s', async (_, firstName) => {
    const offeringId = await openOffering(registration);
    const response = await oldenburg().post<Json>('/registrations', raw(offeringId, firstName));
    expect(response).toMatchObject(refusal('participant.firstName'));
    expect(await recordedRegistrations(offeringId)).toBe(0);
  });

  it('takes an emoji, a pair of surrogates, like any other text', async () => {
    const offeringId = await openOffering(registration);
    const response = await oldenburg().post<Json>('/registrations', raw(offeringId, 'Nina \\uD83D\\uDE42'));
    expect(response.status).toBe(201);
    expect(response.body.participant.firstName).toBe('Nina 🙂');
  });

  it('refuses a substitute with such a name, and the place stays as it was', async () => {
    const offeringId = await openOffering(registration);
    const booked = await oldenburg().post<Json>('/registrations', { offeringId, participant: person('olga') });
    const substitute = await oldenburg().post<Json>(`/registrations/${booked.body.id}/substitute`, {
      participant: { ...person('paul'), lastName: 'Muster\u0000' },
    });
    expect(substitute).toMatchObject(refusal('participant.lastName'));
    expect((await oldenburg().get<Json>(`/registrations/${booked.body.id}`)).body.participant).toEqual(person('olga'));
  });

  it('refuses a purchase order reference with such text', async () => {
    const offeringId = await openOffering(registration);
    const response = await oldenburg().post<Json>('/registrations', {
      offeringId,
      participant: person('quirin'),
      purchaseOrderReference: 'AZ \uDFFF',
    });
    expect(response).toMatchObject(refusal('purchaseOrderReference'));
  });
});

describe('a group booking with one person the database cannot store', () => {
  it('books nobody and names the person and field, again on a retry, so the client learns what to fix', async () => {
    const [first, second] = [await openOffering(registration, { capacity: 5 }), await openOffering(registration, { capacity: 5 })];
    const registrations = [
      { offeringId: first, participant: person('rosa') },
      { offeringId: second, participant: person('sven') },
      { offeringId: first, participant: { ...person('tina'), firstName: 'Ti\u0000na' } },
    ];
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await oldenburg().post<Json>('/registration-batches', { registrations });
      expect(response).toMatchObject(refusal('registrations.2.participant.firstName'));
    }
    expect([await recordedRegistrations(first), await recordedRegistrations(second)]).toEqual([0, 0]);
    expect((await oldenburg().get<Json>(`/registrations?offeringId=${first}`)).body.items).toEqual([]);

    const fixed = registrations.map((r, i) => (i === 2 ? { ...r, participant: person('tina') } : r));
    const booked = await oldenburg().post<Json>('/registration-batches', { registrations: fixed });
    expect(booked.body.summary).toEqual({ confirmed: 3, waitlisted: 0, refused: 0 });
  });
});

describe('ids and cursors', () => {
  it('take a municipality only as its slug, naming the field', async () => {
    const offeringId = await openOffering(registration);
    const booked = await registration
      .as(backOfficePrincipal())
      .post<Json>('/registrations', { offeringId, participant: person('ulla'), municipalityId: 'Oldenburg' });
    expect(booked.status).toBe(400);
    expect(booked.body.errors).toEqual([{ field: 'municipalityId', detail: expect.stringMatching(/municipality id/) }]);
    const listed = await registration.as(backOfficePrincipal()).get<Json>(`/registrations?municipalityId=${'x'.repeat(61)}`);
    expect(listed.body.errors).toEqual([{ field: 'municipalityId', detail: expect.any(String) }]);
  });

  it('take a cursor only in the format the API hands out', async () => {
    for (const cursor of ['not a cursor', 'x'.repeat(501), 'eyJ9%00']) {
      const response = await oldenburg().get<Json>(`/registrations?cursor=${encodeURIComponent(cursor)}`);
      expect(response.status, cursor).toBe(400);
      expect(response.body.errors, cursor).toEqual([{ field: 'cursor', detail: expect.any(String) }]);
    }
  });
});
