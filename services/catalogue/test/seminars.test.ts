import { randomUUID } from 'node:crypto';
import { OfferingCancelled, SeminarCancelled, SeminarCreated, SeminarUpdated } from '@seminarwerk/contracts';
import { describe, expect, it } from 'vitest';
import { createSeminar, expectInvalidField, expectProblem, type Json, letters, schedule, useCatalogue } from './support.ts';

const { backOffice, partner, anyone, eventsOf, eventsUntil, writesNothing, publishes } = useCatalogue();

describe('updating a seminar', () => {
  const kommunalrecht = () => createSeminar(backOffice, { title: `Kommunalrecht ${letters()}`, topic: 'Recht', feeCents: 25000 });

  it('merges the fields sent, answers and serves the seminar at once, and publishes only what changed', async () => {
    const seminar = await kommunalrecht();
    const word = letters();
    const changes = { title: `Kommunalrecht ${word}`, feeCents: 27000, lecturers: ['Prof. Dr. M. Muster'] };

    const updated = await backOffice.patch(`/seminars/${seminar.id}`, { ...changes, topic: 'Recht' });
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ ...seminar, ...changes });
    expect((await partner.get(`/seminars/${seminar.id}`)).body).toMatchObject(changes);
    // The search follows the new title.
    expect((await partner.get(`/seminars?q=${word}`)).body.items.map((s: Json) => s.id)).toEqual([seminar.id]);

    const [event] = await eventsOf(SeminarUpdated, seminar.id);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: seminar.id });
    expect(event?.data).toEqual({ seminarId: seminar.id, changes, updatedAt: expect.any(String) });
    expect(() => SeminarUpdated.data.parse(event?.data)).not.toThrow();

    // The same values again change nothing and publish nothing: the next event of the seminar is the next real change.
    const same = await writesNothing(() => backOffice.patch(`/seminars/${seminar.id}`, changes));
    expect(same.status).toBe(200);
    expect(same.body).toEqual(updated.body);
    expect((await backOffice.patch(`/seminars/${seminar.id}`, { summary: 'Für Ratsmitglieder' })).status).toBe(200);
    const published = await eventsUntil(seminar.id, (e) => e.type === SeminarUpdated.type && 'summary' in e.data.changes);
    expect(published.map((e) => e.type)).toEqual([SeminarCreated.type, SeminarUpdated.type, SeminarUpdated.type]);
    expect(published[2]?.data.changes).toEqual({ summary: 'Für Ratsmitglieder' });
  });

  it('answers 400 naming an unknown or invalid field, and for an empty body', async () => {
    const seminar = await kommunalrecht();
    const cases: [unknown, string][] = [
      [{ price: 100 }, 'price'],
      [{ title: 'Neu', colour: 'blau' }, 'colour'],
      [{ feeCents: -1 }, 'feeCents'],
      [{ title: ' ' }, 'title'],
      [{ vat: 'zero' }, 'vat'],
      [{ cancellationTerms: { freeUntilDaysBefore: 3 } }, 'cancellationTerms.lateCancellationFeePercent'],
    ];
    for (const [body, field] of cases) {
      const response = await writesNothing(() => backOffice.patch(`/seminars/${seminar.id}`, body));
      expectProblem(response, 400, 'validation-failed');
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(response.body.detail).toContain(field);
    }
    expectProblem(await backOffice.patch(`/seminars/${seminar.id}`, {}), 400, 'validation-failed');
    expect((await partner.get(`/seminars/${seminar.id}`)).body).toMatchObject({ title: seminar.title, feeCents: 25000 });
  });

  it('answers 404 for an unknown seminar and 403 for a municipality', async () => {
    const seminar = await kommunalrecht();
    expectProblem(await backOffice.patch(`/seminars/${randomUUID()}`, { title: 'Neu' }), 404, 'seminar-not-found');
    expectProblem(await writesNothing(() => partner.patch(`/seminars/${seminar.id}`, { title: 'Neu' })), 403, 'forbidden');
    expect((await partner.get(`/seminars/${seminar.id}`)).body.title).toBe(seminar.title);
  });
});

describe('cancelling a seminar', () => {
  const wahlrecht = () => createSeminar(backOffice, { title: `Wahlrecht ${letters()}`, topic: 'Wahlen', feeCents: 15000 });
  const publicIds = async (title: string) =>
    (await anyone.get(`/seminars?q=${encodeURIComponent(title)}`)).body.items.map((s: Json) => s.id);

  it('cancels the seminar with all its dates in one step, and nothing changes afterwards', async () => {
    const seminar = await wahlrecht();
    const seminarId = seminar.id;
    const open = await backOffice.post(`/seminars/${seminarId}/offerings`, schedule);
    const draft = await backOffice.post(`/seminars/${seminarId}/offerings`, { ...schedule, status: 'draft' });
    const done = await backOffice.post(`/seminars/${seminarId}/offerings`, schedule);
    expect((await backOffice.post(`/offerings/${done.body.id}/cancel`, { reason: 'früher abgesagt' })).status).toBe(200);

    // One event for the seminar and one for each date not cancelled yet: none for the one cancelled before.
    const reason = 'Wird nicht mehr angeboten';
    const cancelled = await publishes(3, () => backOffice.post(`/seminars/${seminarId}/cancel`, { reason }));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: seminarId, status: 'cancelled' });

    const [event] = await eventsOf(SeminarCancelled, seminarId);
    expect(event?.data).toEqual({ seminarId, reason, offeringIds: [open.body.id, draft.body.id].sort(), cancelledAt: expect.any(String) });
    expect(() => SeminarCancelled.data.parse(event?.data)).not.toThrow();
    for (const offeringId of [open.body.id, draft.body.id]) {
      const [offeringCancelled] = await eventsOf(OfferingCancelled, offeringId);
      expect(offeringCancelled?.data).toMatchObject({ offeringId, seminarId, reason });
      expect((await backOffice.get(`/offerings/${offeringId}`)).body.status).toBe('cancelled');
    }

    // It stays readable, but out of the lists, and changes no more.
    expect((await partner.get(`/seminars/${seminarId}`)).body).toMatchObject({ status: 'cancelled' });
    expect(await publicIds(seminar.title)).toEqual([]);
    const again = await writesNothing(() => backOffice.post(`/seminars/${seminarId}/cancel`, { reason: 'noch einmal' }));
    expectProblem(again, 409, 'seminar-already-cancelled');
    const laterChanges = [
      () => backOffice.patch(`/seminars/${seminarId}`, { title: 'Neu' }),
      () => backOffice.post(`/seminars/${seminarId}/offerings`, schedule),
      () => backOffice.post(`/seminars/${seminarId}/publish`),
    ];
    for (const change of laterChanges) expectProblem(await writesNothing(change), 409, 'seminar-cancelled');
  });

  it('leaves no open date behind when dates are scheduled and published while the seminar is cancelled', async () => {
    const { id: seminarId } = await wahlrecht();
    const drafts = await Promise.all(
      Array.from({ length: 5 }, () => backOffice.post(`/seminars/${seminarId}/offerings`, { ...schedule, status: 'draft' })),
    );
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => backOffice.post(`/seminars/${seminarId}/offerings`, schedule)),
      ...drafts.map((d) => backOffice.post(`/offerings/${d.body.id}/publish`)),
      backOffice.post(`/seminars/${seminarId}/cancel`, { reason: 'Abgesagt im Ansturm' }),
    ]);
    expect(answers.map((a) => a.status).filter((status) => ![200, 201, 409].includes(status))).toEqual([]);
    expect(answers.at(-1)?.status).toBe(200);

    // Every date the seminar has now is cancelled, and each has its cancelled event.
    const detail = (await backOffice.get(`/seminars/${seminarId}`)).body;
    expect(detail.status).toBe('cancelled');
    const created = answers.filter((a) => a.status === 201).map((a) => a.body.id);
    expect(detail.offerings.map((o: Json) => o.id).sort()).toEqual([...drafts.map((d) => d.body.id), ...created].sort());
    expect(detail.offerings.map((o: Json) => o.status)).toEqual(detail.offerings.map(() => 'cancelled'));
    for (const offering of detail.offerings) await eventsOf(OfferingCancelled, offering.id);
  });

  it('answers 400 without a reason, 404 for an unknown seminar, and 403 for a municipality', async () => {
    const seminar = await wahlrecht();
    const cancel = `/seminars/${seminar.id}/cancel`;
    expectInvalidField(await writesNothing(() => backOffice.post(cancel, { reason: ' ' })), 'reason');
    expectProblem(await backOffice.post(`/seminars/${randomUUID()}/cancel`, { reason: 'x' }), 404, 'seminar-not-found');
    expectProblem(await writesNothing(() => partner.post(cancel, { reason: 'x' })), 403, 'forbidden');
    expect((await partner.get(`/seminars/${seminar.id}`)).body.status).toBe('published');
  });
});
