import { randomUUID } from 'node:crypto';
import {
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingScheduled,
  SeminarCreated,
  SeminarPublished,
  SeminarUpdated,
} from '@seminarwerk/contracts';
import { describe, expect, it } from 'vitest';
import { createSeminar, expectProblem, type Json, letters, schedule, scheduleOffering, useCatalogue } from './support.ts';

const { backOffice, partner, anyone, calendar, eventsOf, eventsUntil, writesNothing } = useCatalogue();

/** A published seminar with a draft date in a city of its own. */
async function scheduleDraft() {
  const city = `Entwurfstadt-${letters()}`;
  const seminar = await createSeminar(backOffice, { title: `Entwurf ${letters()}`, feeCents: 19000 });
  const offering = await backOffice.post(`/seminars/${seminar.id}/offerings`, {
    ...schedule,
    venue: { name: 'Saal 1', city },
    status: 'draft',
  });
  expect(offering.status).toBe(201);
  expect(offering.body.status).toBe('draft');
  return { seminarId: seminar.id as string, offeringId: offering.body.id as string, city };
}

const listed = async (city: string) => (await partner.get(`/offerings?city=${city}`)).body.items.map((o: Json) => o.id);
const inFeed = async (offeringId: string) => (await calendar()).text.includes(`offering-${offeringId}@`);

describe('draft offerings', () => {
  it('keeps a draft out of the public reads until it is published', async () => {
    const { seminarId, offeringId, city } = await scheduleDraft();
    const [scheduled] = await eventsOf(OfferingScheduled, offeringId);
    expect(scheduled?.data).toMatchObject({ offeringId, status: 'draft' });

    expect(await listed(city)).toEqual([]);
    expect((await partner.get(`/seminars/${seminarId}`)).body.offerings).toEqual([]);
    expectProblem(await anyone.get(`/offerings/${offeringId}`), 404, 'offering-not-found');
    expect((await backOffice.get(`/offerings/${offeringId}`)).body.status).toBe('draft');
    expect(await inFeed(offeringId)).toBe(false);

    const published = await backOffice.post(`/offerings/${offeringId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: offeringId, status: 'published', capacity: 16 });
    const [event] = await eventsOf(OfferingPublished, offeringId);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
    expect(event?.data).toMatchObject({ offeringId, seminarId, status: 'published', capacity: 16, fee: { amountCents: 19000 } });
    expect(() => OfferingPublished.data.parse(event?.data)).not.toThrow();

    expect(await listed(city)).toEqual([offeringId]);
    expect((await partner.get(`/seminars/${seminarId}`)).body.offerings.map((o: Json) => o.id)).toEqual([offeringId]);
    expect((await anyone.get(`/offerings/${offeringId}`)).body.status).toBe('published');
    expect(await inFeed(offeringId)).toBe(true);
  });

  it('publishes the capacity the draft has when it is published', async () => {
    const { offeringId } = await scheduleDraft();
    expect((await backOffice.post(`/offerings/${offeringId}/capacity`, { capacity: 30 })).status).toBe(200);
    expect((await backOffice.post(`/offerings/${offeringId}/publish`)).body).toMatchObject({ status: 'published', capacity: 30 });
    const [event] = await eventsOf(OfferingPublished, offeringId);
    expect(event?.data).toMatchObject({ capacity: 30, status: 'published' });
  });

  it('changes nothing when publishing a published offering, and refuses a cancelled one with 409', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    const again = await writesNothing(() => backOffice.post(`/offerings/${offeringId}/publish`));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: offeringId, status: 'published' });
    // A real change afterwards is the next event of the offering: nothing was published in between.
    expect((await backOffice.post(`/offerings/${offeringId}/capacity`, { capacity: 17 })).status).toBe(200);
    const published = await eventsUntil(offeringId, (e) => e.type === OfferingCapacityChanged.type);
    expect(published.map((e) => e.type)).toEqual([OfferingScheduled.type, OfferingCapacityChanged.type]);

    const draft = await scheduleDraft();
    expect((await backOffice.post(`/offerings/${draft.offeringId}/cancel`, { reason: 'Entfällt' })).status).toBe(200);
    expectProblem(await writesNothing(() => backOffice.post(`/offerings/${draft.offeringId}/publish`)), 409, 'offering-cancelled');
    expect((await backOffice.get(`/offerings/${draft.offeringId}`)).body.status).toBe('cancelled');
  });

  it('answers 403 for a municipality, 404 for an unknown offering, and 400 for a status a new date cannot have', async () => {
    const { offeringId } = await scheduleDraft();
    expectProblem(await writesNothing(() => partner.post(`/offerings/${offeringId}/publish`)), 403, 'forbidden');
    expectProblem(await backOffice.post(`/offerings/${randomUUID()}/publish`), 404, 'offering-not-found');
    expect((await backOffice.get(`/offerings/${offeringId}`)).body.status).toBe('draft');

    const seminar = await createSeminar(backOffice, { title: 'Status', feeCents: 0 });
    const bad = await writesNothing(() => backOffice.post(`/seminars/${seminar.id}/offerings`, { ...schedule, status: 'cancelled' }));
    expectProblem(bad, 400, 'validation-failed');
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});

describe('draft seminars', () => {
  const publicIds = async (title: string) =>
    (await anyone.get(`/seminars?q=${encodeURIComponent(title)}`)).body.items.map((s: Json) => s.id);

  it('keeps a draft seminar and its dates private until it is published, then its dates can be published', async () => {
    const title = `Wahlrecht ${letters()}`;
    const created = await backOffice.post('/seminars', { title, topic: 'Wahlen', feeCents: 15000, status: 'draft' });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('draft');
    const seminarId = created.body.id;
    const [createdEvent] = await eventsOf(SeminarCreated, seminarId);
    expect(createdEvent).toMatchObject({ source: '/seminarwerk/catalogue', subject: seminarId });
    expect(createdEvent?.data).toEqual({
      seminarId,
      title,
      topic: 'Wahlen',
      fee: { amountCents: 15000, currency: 'EUR' },
      vat: 'exempt-4-22a',
      cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
      status: 'draft',
    });

    // Only the back office sees it; for anyone else it does not exist.
    expect((await backOffice.get(`/seminars/${seminarId}`)).status).toBe(200);
    expectProblem(await anyone.get(`/seminars/${seminarId}`), 404, 'seminar-not-found');
    expectProblem(await partner.get(`/seminars/${seminarId}`), 404, 'seminar-not-found');
    expect(await publicIds(title)).toEqual([]);

    // Its dates can be drafts only, and cannot be published while it is one.
    expectProblem(await writesNothing(() => backOffice.post(`/seminars/${seminarId}/offerings`, schedule)), 409, 'seminar-not-published');
    const draft = await backOffice.post(`/seminars/${seminarId}/offerings`, { ...schedule, status: 'draft' });
    expect(draft.status).toBe(201);
    const offeringId = draft.body.id;
    expect((await backOffice.get(`/offerings/${offeringId}`)).body.status).toBe('draft');
    expectProblem(await anyone.get(`/offerings/${offeringId}`), 404, 'offering-not-found');
    expectProblem(await writesNothing(() => backOffice.post(`/offerings/${offeringId}/publish`)), 409, 'seminar-not-published');

    const publishedSeminar = await backOffice.post(`/seminars/${seminarId}/publish`);
    expect(publishedSeminar.status).toBe(200);
    expect(publishedSeminar.body).toMatchObject({ id: seminarId, status: 'published' });
    const [event] = await eventsOf(SeminarPublished, seminarId);
    expect(event?.data).toEqual({ seminarId, publishedAt: expect.any(String) });
    expect(await publicIds(title)).toEqual([seminarId]);
    // Its dates stay drafts until published themselves.
    expect((await partner.get(`/seminars/${seminarId}`)).body.offerings).toEqual([]);
    expect((await backOffice.get(`/seminars/${seminarId}`)).body.offerings.map((o: Json) => o.id)).toEqual([offeringId]);
    expect((await backOffice.post(`/offerings/${offeringId}/publish`)).body.status).toBe('published');
    expect((await partner.get(`/offerings/${offeringId}`)).body.status).toBe('published');

    // Publishing again changes nothing: the next event of the seminar is the next real change.
    expect((await writesNothing(() => backOffice.post(`/seminars/${seminarId}/publish`))).status).toBe(200);
    expect((await backOffice.patch(`/seminars/${seminarId}`, { summary: 'Neu' })).status).toBe(200);
    const published = await eventsUntil(seminarId, (e) => e.type === SeminarUpdated.type);
    expect(published.map((e) => e.type)).toEqual([SeminarCreated.type, SeminarPublished.type, SeminarUpdated.type]);
  });

  it('answers 404 for publishing an unknown seminar and 403 for a municipality', async () => {
    const seminar = await createSeminar(backOffice, { status: 'draft' });
    expectProblem(await backOffice.post(`/seminars/${randomUUID()}/publish`), 404, 'seminar-not-found');
    expectProblem(await writesNothing(() => partner.post(`/seminars/${seminar.id}/publish`)), 403, 'forbidden');
    expect((await backOffice.get(`/seminars/${seminar.id}`)).body.status).toBe('draft');
  });
});
