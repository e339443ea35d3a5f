import { randomUUID } from 'node:crypto';
import { OfferingCancelled, OfferingCapacityChanged, OfferingRescheduled, OfferingScheduled } from '@seminarwerk/contracts';
import { describe, expect, it } from 'vitest';
import { expectInvalidBody, expectInvalidField, expectProblem, hannover, type Json, scheduleOffering, useCatalogue } from './support.ts';

const { backOffice, partner, eventsOf, eventsUntil, writesNothing } = useCatalogue();

describe('changing the capacity of an offering', () => {
  it('answers and serves the new capacity and publishes capacity-changed; the same number again changes nothing', async () => {
    const { offeringId } = await scheduleOffering(backOffice);

    const changed = await backOffice.post(`/offerings/${offeringId}/capacity`, { capacity: 20 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: offeringId, capacity: 20, status: 'published' });
    // Free seats come from registration's availability reports, not from here.
    expect(changed.body.seatsAvailable).toBe(16);
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject({ capacity: 20, seatsAvailable: 16 });

    const same = await writesNothing(() => backOffice.post(`/offerings/${offeringId}/capacity`, { capacity: 20 }));
    expect(same.status).toBe(200);
    expect(same.body.capacity).toBe(20);

    const lowered = await backOffice.post(`/offerings/${offeringId}/capacity`, { capacity: 12 });
    expect(lowered.status).toBe(200);
    expect((await partner.get(`/offerings/${offeringId}`)).body.capacity).toBe(12);

    // The lowering is the sentinel: had the unchanged capacity published anything, it would come before it.
    const published = await eventsUntil(offeringId, (e) => e.type === OfferingCapacityChanged.type && e.data.capacity === 12);
    expect(published.map((e) => e.type)).toEqual([OfferingScheduled.type, OfferingCapacityChanged.type, OfferingCapacityChanged.type]);
    const changes = published.slice(1);
    expect(changes.map((e) => e.data)).toEqual([
      { offeringId, capacity: 20, previousCapacity: 16, changedAt: expect.any(String) },
      { offeringId, capacity: 12, previousCapacity: 20, changedAt: expect.any(String) },
    ]);
    for (const event of changes) {
      expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
      expect(() => OfferingCapacityChanged.data.parse(event.data)).not.toThrow();
    }
  });
});

describe('rescheduling an offering', () => {
  const march12 = { startsAt: '2030-03-12T09:00:00+01:00', endsAt: '2030-03-12T16:00:00+01:00' };

  it('moves the date and venue, keeps the deadline when none is sent, and publishes rescheduled with the previous date', async () => {
    const { offeringId, seminarId, title } = await scheduleOffering(backOffice);

    const moved = await backOffice.post(`/offerings/${offeringId}/reschedule`, { ...march12, venue: hannover });
    expect(moved.status).toBe(200);
    const expected = {
      id: offeringId,
      startsAt: '2030-03-12T08:00:00.000Z',
      endsAt: '2030-03-12T15:00:00.000Z',
      format: 'onsite',
      venue: hannover,
      location: 'Tagungszentrum, Hannover',
      registrationDeadline: '2030-01-29',
      capacity: 16,
      status: 'published',
    };
    expect(moved.body).toMatchObject(expected);
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject(expected);

    const [event] = await eventsOf(OfferingRescheduled, offeringId);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
    expect(event?.data).toEqual({
      offeringId,
      seminarId,
      seminarTitle: title,
      startsAt: '2030-03-12T09:00:00+01:00',
      endsAt: '2030-03-12T16:00:00+01:00',
      venue: 'Tagungszentrum, Hannover',
      format: 'onsite',
      address: hannover,
      registrationDeadline: '2030-01-29',
      sessions: [{ startsAt: '2030-03-12T08:00:00.000Z', endsAt: '2030-03-12T15:00:00.000Z' }],
      previous: {
        startsAt: '2030-02-12T08:00:00.000Z',
        endsAt: '2030-02-13T15:00:00.000Z',
        venue: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg',
      },
      rescheduledAt: expect.any(String),
    });
    expect(() => OfferingRescheduled.data.parse(event?.data)).not.toThrow();

    // Without a venue the venue stays; a new deadline is taken.
    const deadline = await backOffice.post(`/offerings/${offeringId}/reschedule`, { ...march12, registrationDeadline: '2030-02-26' });
    expect(deadline.status).toBe(200);
    expect(deadline.body).toMatchObject({ venue: hannover, registrationDeadline: '2030-02-26' });
    const [, second] = await eventsOf(OfferingRescheduled, offeringId, 2);
    expect(second?.data).toMatchObject({
      registrationDeadline: '2030-02-26',
      previous: { startsAt: '2030-03-12T08:00:00.000Z', venue: 'Tagungszentrum, Hannover' },
    });
  });

  it('refuses a date that breaks the scheduling rules, naming the field, and keeps the date it had', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    const reschedule = (body: Json) => writesNothing(() => backOffice.post(`/offerings/${offeringId}/reschedule`, body));

    expectInvalidField(await reschedule({ startsAt: '2030-03-12T09:00:00+01:00', endsAt: '2030-03-12T08:00:00+01:00' }), 'endsAt');
    expectInvalidField(await reschedule({ ...march12, registrationDeadline: '2030-03-13' }), 'registrationDeadline');
    // The kept deadline (29 Jan) would be after the new start.
    const overtaken = await reschedule({ startsAt: '2030-01-15T09:00:00+01:00', endsAt: '2030-01-15T16:00:00+01:00' });
    expectInvalidField(overtaken, 'registrationDeadline');
    expectInvalidField(await reschedule({ startsAt: '2030-03-12T09:00:00+01:00' }), 'endsAt');

    const past = await reschedule({
      startsAt: '2020-03-12T09:00:00+01:00',
      endsAt: '2020-03-12T16:00:00+01:00',
      registrationDeadline: '2020-03-01',
    });
    expectProblem(past, 422, 'offering-in-the-past');
    expect(past.body.errors).toEqual([expect.objectContaining({ field: 'startsAt' })]);

    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject({
      startsAt: '2030-02-12T08:00:00.000Z',
      registrationDeadline: '2030-01-29',
    });
  });
});

describe('cancelling an offering', () => {
  it('sets the status to cancelled, publishes cancelled, and refuses every later change with 409', async () => {
    const { offeringId, seminarId } = await scheduleOffering(backOffice);

    const cancelled = await backOffice.post(`/offerings/${offeringId}/cancel`, { reason: 'Referentin erkrankt' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ id: offeringId, status: 'cancelled', capacity: 16 });
    expect((await partner.get(`/offerings/${offeringId}`)).body.status).toBe('cancelled');

    const [event] = await eventsOf(OfferingCancelled, offeringId);
    expect(event).toMatchObject({ source: '/seminarwerk/catalogue', subject: offeringId });
    expect(event?.data).toEqual({ offeringId, seminarId, reason: 'Referentin erkrankt', cancelledAt: expect.any(String) });
    expect(() => OfferingCancelled.data.parse(event?.data)).not.toThrow();

    const again = await writesNothing(() => backOffice.post(`/offerings/${offeringId}/cancel`, { reason: 'noch einmal' }));
    expectProblem(again, 409, 'offering-already-cancelled');
    const laterChanges = [
      () => backOffice.post(`/offerings/${offeringId}/capacity`, { capacity: 30 }),
      () =>
        backOffice.post(`/offerings/${offeringId}/reschedule`, {
          startsAt: '2030-03-12T09:00:00+01:00',
          endsAt: '2030-03-12T16:00:00+01:00',
        }),
      () => backOffice.post(`/offerings/${offeringId}/publish`),
      () => backOffice.patch(`/offerings/${offeringId}`, { capacity: 3 }),
    ];
    for (const change of laterChanges) expectProblem(await writesNothing(change), 409, 'offering-cancelled');
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject({ status: 'cancelled', capacity: 16 });
  });
});

describe('errors of the offering operations', () => {
  const valid: Record<string, Json> = {
    capacity: { capacity: 20 },
    reschedule: { startsAt: '2030-03-12T09:00:00+01:00', endsAt: '2030-03-12T16:00:00+01:00' },
    cancel: { reason: 'Raum nicht verfügbar' },
  };

  it('lets only the back office change an offering (403 for a municipality)', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    for (const [operation, body] of Object.entries(valid)) {
      const refused = await writesNothing(() => partner.post(`/offerings/${offeringId}/${operation}`, body));
      expectProblem(refused, 403, 'forbidden');
    }
    expectProblem(await partner.post(`/offerings/${offeringId}/publish`), 403, 'forbidden');
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject({ status: 'published', capacity: 16 });
  });

  it('answers 404 for an unknown offering', async () => {
    for (const [operation, body] of Object.entries(valid)) {
      expectProblem(await backOffice.post(`/offerings/${randomUUID()}/${operation}`, body), 404, 'offering-not-found');
    }
    expectProblem(await backOffice.post(`/offerings/${randomUUID()}/publish`), 404, 'offering-not-found');
    expectProblem(await partner.get(`/offerings/${randomUUID()}`), 404, 'offering-not-found');
  });

  it('answers 400 naming the field for a bad body, and changes nothing', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    const cases: [string, unknown, string][] = [
      ['capacity', { capacity: 0 }, 'capacity'],
      ['capacity', { capacity: 2.5 }, 'capacity'],
      ['capacity', {}, 'capacity'],
      ['reschedule', { startsAt: 'tomorrow', endsAt: '2030-03-12T16:00:00+01:00' }, 'startsAt'],
      ['reschedule', { ...valid.reschedule, venue: { name: ' ', city: 'Hannover' } }, 'venue.name'],
      ['reschedule', { ...valid.reschedule, venue: { name: 'Saal', city: 'Hannover', postalCode: '3015' } }, 'venue.postalCode'],
      ['cancel', { reason: '' }, 'reason'],
      ['cancel', { reason: 'x'.repeat(501) }, 'reason'],
      ['cancel', {}, 'reason'],
    ];
    for (const [operation, body, field] of cases) {
      expectInvalidBody(await writesNothing(() => backOffice.post(`/offerings/${offeringId}/${operation}`, body)), field);
    }
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject({ status: 'published', capacity: 16 });
  });
});
