import { randomUUID } from 'node:crypto';
import {
  OfferingCancelled,
  OfferingCapacityChanged,
  OfferingPublished,
  OfferingRescheduled,
  OfferingScheduled,
} from '@seminarwerk/contracts';
import { municipalityPrincipal, type ServiceUnderTest } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, offeringData, openOffering, person, processed, publishCatalogue, startRegistrationUnderTest } from './catalogue.ts';

let registration: ServiceUnderTest;
beforeAll(async () => {
  registration = await startRegistrationUnderTest();
}, 120_000);
afterAll(() => registration?.stop());

const oldenburg = () => registration.as(municipalityPrincipal('oldenburg'));
const register = (offeringId: string, name: string) => oldenburg().post<Json>('/registrations', { offeringId, participant: person(name) });
const now = () => new Date().toISOString();

async function streamEvents(offeringId: string): Promise<string[]> {
  const { rows } = await registration.db.query<{ type: string }>('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_version', [
    `offering-${offeringId}`,
  ]);
  return rows.map((r) => r.type);
}

/** Olga confirmed, Paul and Quinn waiting, on one seat. */
async function fullOffering() {
  const offeringId = await openOffering(registration, { capacity: 1 });
  const [olga, paul, quinn] = [await register(offeringId, 'olga'), await register(offeringId, 'paul'), await register(offeringId, 'quinn')];
  expect([olga.body.status, paul.body.waitlistPosition, quinn.body.waitlistPosition]).toEqual(['confirmed', 1, 2]);
  return { offeringId, olga: olga.body.id as string, paul: paul.body.id as string, quinn: quinn.body.id as string };
}

describe('opening an offering', () => {
  it('keeps a draft closed until the catalogue publishes it', async () => {
    const draft = offeringData({ status: 'draft' });
    const scheduled = await publishCatalogue(registration, OfferingScheduled, draft);
    // The consumer has seen the draft (and had nothing to decide) before the registration is tried.
    expect(await processed(registration, scheduled.id)).toEqual({ outcome: 'handled', rejection_code: null });
    const tooEarly = await register(draft.offeringId, 'ria');
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.type).toMatch(/offering-not-open$/);
    expect(await streamEvents(draft.offeringId)).toEqual([]);

    const published = await publishCatalogue(registration, OfferingPublished, { ...draft, status: 'published' });
    expect(await processed(registration, published.id)).toMatchObject({ outcome: 'handled' });
    expect((await register(draft.offeringId, 'ria')).body).toMatchObject({ status: 'confirmed' });
  });

  it('opens an offering once and changes nothing when an event or the announcement arrives again', async () => {
    const data = offeringData({ capacity: 3 });
    const scheduled = await publishCatalogue(registration, OfferingScheduled, data);
    await processed(registration, scheduled.id);
    const changed = await publishCatalogue(registration, OfferingCapacityChanged, {
      offeringId: data.offeringId,
      capacity: 4,
      previousCapacity: 3,
      changedAt: now(),
    });
    await processed(registration, changed.id);
    // The same capacity event again, then the date announced again as a sentinel on the same key.
    await registration.publish([{ topic: OfferingCapacityChanged.topic, key: data.offeringId, event: changed }]);
    const again = await publishCatalogue(registration, OfferingPublished, data);
    expect(await processed(registration, again.id)).toMatchObject({ outcome: 'handled' });
    expect(await streamEvents(data.offeringId)).toEqual(['OfferingOpened', 'CapacityChanged']);
  });
});

describe('catalogue events the rules refuse', () => {
  it('records a refused event as rejected, with its code, and carries on with the next event on the key', async () => {
    const data = offeringData();
    const refused = await publishCatalogue(registration, OfferingCapacityChanged, {
      offeringId: data.offeringId,
      capacity: 5,
      previousCapacity: 2,
      changedAt: now(),
    });
    const scheduled = await publishCatalogue(registration, OfferingScheduled, data);
    expect(await processed(registration, scheduled.id)).toMatchObject({ outcome: 'handled' });
    expect(await processed(registration, refused.id)).toEqual({ outcome: 'rejected', rejection_code: 'offering-not-open' });
    expect(await streamEvents(data.offeringId)).toEqual(['OfferingOpened']);
    expect((await register(data.offeringId, 'sven')).body).toMatchObject({ status: 'confirmed' });
  });
});

describe('changes by the institute', () => {
  it('promotes the head of the waiting list when the capacity is raised, and says so publicly', async () => {
    const { offeringId, paul, quinn } = await fullOffering();
    const changed = await publishCatalogue(registration, OfferingCapacityChanged, {
      offeringId,
      capacity: 2,
      previousCapacity: 1,
      changedAt: now(),
    });
    await processed(registration, changed.id);
    expect((await oldenburg().get<Json>(`/registrations/${paul}`)).body).toMatchObject({ status: 'confirmed' });
    expect((await oldenburg().get<Json>(`/registrations/${quinn}`)).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const published = await registration.events.of(offeringId, (events) =>
      events.some((e) => e.type === 'registration.confirmed.v1' && e.data.via === 'waitlist'),
    );
    expect(published.filter((e) => e.type === 'registration.confirmed.v1').map((e) => [e.subject, e.data.via])).toEqual([
      [expect.any(String), 'direct'],
      [paul, 'waitlist'],
    ]);
  });

  it('keeps every registration when the date moves, and tells each active one', async () => {
    const { offeringId, olga, paul, quinn } = await fullOffering();
    const data = offeringData({ offeringId });
    const moved = await publishCatalogue(registration, OfferingRescheduled, {
      offeringId,
      seminarId: data.seminarId,
      seminarTitle: data.seminarTitle,
      startsAt: '2027-03-16T08:00:00Z',
      endsAt: '2027-03-17T15:00:00Z',
      venue: data.venue,
      registrationDeadline: '2027-03-02',
      previous: { startsAt: data.startsAt, endsAt: data.endsAt, venue: data.venue },
      rescheduledAt: now(),
    });
    await processed(registration, moved.id);
    const events = await registration.events.of(offeringId, (e) => e.filter((x) => x.type === 'registration.rescheduled.v1').length === 3);
    const rescheduled = events.filter((e) => e.type === 'registration.rescheduled.v1');
    expect(rescheduled.map((e) => [e.subject, e.data.status, e.data.offering.startsAt])).toEqual([
      [olga, 'confirmed', '2027-03-16T08:00:00Z'],
      [paul, 'waitlisted', '2027-03-16T08:00:00Z'],
      [quinn, 'waitlisted', '2027-03-16T08:00:00Z'],
    ]);
  });

  it('cancels everyone free of charge when the institute cancels the date, and refuses what comes after', async () => {
    const { offeringId, olga, paul, quinn } = await fullOffering();
    const cancelled = await publishCatalogue(registration, OfferingCancelled, {
      offeringId,
      seminarId: randomUUID(),
      reason: 'Referentin erkrankt',
      cancelledAt: now(),
    });
    expect(await processed(registration, cancelled.id)).toMatchObject({ outcome: 'handled' });
    const all = await oldenburg().get<Json>(`/registrations?offeringId=${offeringId}`);
    expect(all.body.items.map((r: Json) => [r.id, r.status, r.cancellation])).toEqual(
      [olga, paul, quinn].map((id) => [id, 'cancelled', { reason: 'institute', kind: 'free', feePercent: 0 }]),
    );
    const events = await registration.events.of(offeringId, (e) => e.filter((x) => x.type === 'registration.cancelled.v1').length === 3);
    expect(events.filter((e) => e.type === 'registration.cancelled.v1').every((e) => e.data.reason === 'institute')).toBe(true);

    const late = await register(offeringId, 'rita');
    expect(late.status).toBe(409);
    expect(late.body.type).toMatch(/offering-cancelled$/);
    const afterwards = await publishCatalogue(registration, OfferingCapacityChanged, {
      offeringId,
      capacity: 3,
      previousCapacity: 1,
      changedAt: now(),
    });
    expect(await processed(registration, afterwards.id)).toEqual({ outcome: 'rejected', rejection_code: 'offering-cancelled' });
  });
});
