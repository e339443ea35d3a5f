import { randomUUID } from 'node:crypto';
import { OfferingCapacityChanged, OfferingRescheduled, OfferingScheduled } from '@seminarwerk/contracts';
import { describe, expect, it } from 'vitest';
import {
  createSeminar,
  expectInvalidBody,
  expectInvalidField,
  expectProblem,
  hannover,
  type Json,
  letters,
  oldenburg,
  schedule,
  scheduleOffering,
  useCatalogue,
} from './support.ts';

const { backOffice, partner, anyone, eventsOf, eventsUntil, writesNothing } = useCatalogue();

describe('updating an offering (PATCH)', () => {
  it('changes capacity and venue in one update, serves them at once, and publishes capacity-changed and rescheduled', async () => {
    const { offeringId, seminarId } = await scheduleOffering(backOffice);

    const updated = await backOffice.patch(`/offerings/${offeringId}`, { capacity: 18, venue: hannover });
    expect(updated.status).toBe(200);
    const expected = { id: offeringId, capacity: 18, format: 'onsite', venue: hannover, location: 'Tagungszentrum, Hannover' };
    expect(updated.body).toMatchObject({ ...expected, startsAt: '2030-02-12T08:00:00.000Z', registrationDeadline: '2030-01-29' });
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject(expected);
    expect((await anyone.get('/offerings?city=hannover&limit=100')).body.items.map((o: Json) => o.id)).toContain(offeringId);

    const [capacity] = await eventsOf(OfferingCapacityChanged, offeringId);
    expect(capacity?.data).toMatchObject({ capacity: 18, previousCapacity: 16 });
    const [moved] = await eventsOf(OfferingRescheduled, offeringId);
    expect(moved?.data).toMatchObject({
      seminarId,
      startsAt: '2030-02-12T08:00:00.000Z',
      venue: 'Tagungszentrum, Hannover',
      address: hannover,
      previous: { venue: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg' },
    });
    expect(() => OfferingRescheduled.data.parse(moved?.data)).not.toThrow();

    // The same values again change nothing and publish nothing.
    const again = await writesNothing(() => backOffice.patch(`/offerings/${offeringId}`, { capacity: 18, venue: hannover }));
    expect(again.status).toBe(200);
    expect(again.body).toEqual(updated.body);
    // A real change afterwards is the next event of the offering.
    expect((await backOffice.patch(`/offerings/${offeringId}`, { capacity: 19 })).status).toBe(200);
    const published = await eventsUntil(offeringId, (e) => e.type === OfferingCapacityChanged.type && e.data.capacity === 19);
    expect(published.map((e) => e.type).sort()).toEqual(
      [OfferingScheduled.type, OfferingCapacityChanged.type, OfferingRescheduled.type, OfferingCapacityChanged.type].sort(),
    );
  });

  it('switches to online with a link that the catalogue never shows, and back on site', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    const link = 'https://meet.example/vergabe-42';
    const online = await backOffice.patch(`/offerings/${offeringId}`, { format: 'online', onlineLink: link });
    expect(online.status).toBe(200);
    expect(online.body).toMatchObject({ format: 'online', venue: null, location: 'Online' });
    expect(JSON.stringify((await partner.get(`/offerings/${offeringId}`)).body)).not.toContain(link);
    expect(JSON.stringify((await anyone.get('/offerings?format=online&limit=100')).body)).not.toContain(link);
    const [event] = await eventsOf(OfferingRescheduled, offeringId);
    expect(event?.data).toMatchObject({ format: 'online', venue: 'Online', onlineLink: link });
    expect(event?.data).not.toHaveProperty('address');

    const back = await backOffice.patch(`/offerings/${offeringId}`, { format: 'onsite', venue: hannover });
    expect(back.body).toMatchObject({ format: 'onsite', venue: hannover });
    const [, second] = await eventsOf(OfferingRescheduled, offeringId, 2);
    expect(second?.data).not.toHaveProperty('onlineLink');
  });

  it('answers 400 naming the field, 404 for an unknown offering, 403 for a municipality and 409 once cancelled', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    const cases: [unknown, string][] = [
      [{ status: 'published' }, 'status'],
      [{ colour: 'red' }, 'colour'],
      [{ venue: { name: 'Saal', city: 'Hannover', postalCode: 'ABCDE' } }, 'venue.postalCode'],
      [{ onlineLink: 'https://meet.example/a' }, 'onlineLink'],
      [{ format: 'online', venue: hannover }, 'venue'],
      [{ endsAt: '2030-02-11T16:00:00+01:00' }, 'endsAt'],
      [{ registrationDeadline: '2030-02-20' }, 'registrationDeadline'],
      [{ capacity: 0 }, 'capacity'],
    ];
    for (const [body, field] of cases) {
      expectInvalidBody(await writesNothing(() => backOffice.patch(`/offerings/${offeringId}`, body)), field);
    }
    expectProblem(await backOffice.patch(`/offerings/${offeringId}`, {}), 400, 'validation-failed');
    expectProblem(await backOffice.patch(`/offerings/${randomUUID()}`, { capacity: 3 }), 404, 'offering-not-found');
    expectProblem(await writesNothing(() => partner.patch(`/offerings/${offeringId}`, { capacity: 3 })), 403, 'forbidden');
    expect((await backOffice.post(`/offerings/${offeringId}/cancel`, { reason: 'Entfällt' })).status).toBe(200);
    expectProblem(await writesNothing(() => backOffice.patch(`/offerings/${offeringId}`, { capacity: 3 })), 409, 'offering-cancelled');
    expect((await partner.get(`/offerings/${offeringId}`)).body).toMatchObject({ capacity: 16, venue: oldenburg });
  });
});

describe('the sessions of an offering', () => {
  const days = [
    { startsAt: '2030-02-12T09:00:00+01:00', endsAt: '2030-02-12T16:00:00+01:00' },
    { startsAt: '2030-02-13T09:00:00+01:00', endsAt: '2030-02-13T16:00:00+01:00' },
  ];
  const daysUtc = [
    { startsAt: '2030-02-12T08:00:00.000Z', endsAt: '2030-02-12T15:00:00.000Z' },
    { startsAt: '2030-02-13T08:00:00.000Z', endsAt: '2030-02-13T15:00:00.000Z' },
  ];

  it('answers, serves and publishes the sessions given, in UTC, and moves them with the date', async () => {
    const seminar = await createSeminar(backOffice, { title: `Zweitägig ${letters()}`, feeCents: 0 });
    const offering = await backOffice.post(`/seminars/${seminar.id}/offerings`, { ...schedule, sessions: days });
    expect(offering.status).toBe(201);
    expect(offering.body.sessions).toEqual(daysUtc);
    const offeringId = offering.body.id;
    expect((await partner.get(`/offerings/${offeringId}`)).body.sessions).toEqual(daysUtc);
    expect((await partner.get(`/seminars/${seminar.id}`)).body.offerings[0].sessions).toEqual(daysUtc);
    const [scheduled] = await eventsOf(OfferingScheduled, offeringId);
    expect(scheduled?.data.sessions).toEqual(daysUtc);

    // A week later: both days move with the start.
    const moved = await backOffice.post(`/offerings/${offeringId}/reschedule`, {
      startsAt: '2030-02-19T09:00:00+01:00',
      endsAt: '2030-02-20T16:00:00+01:00',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sessions).toEqual([
      { startsAt: '2030-02-19T08:00:00.000Z', endsAt: '2030-02-19T15:00:00.000Z' },
      { startsAt: '2030-02-20T08:00:00.000Z', endsAt: '2030-02-20T15:00:00.000Z' },
    ]);
    const [rescheduled] = await eventsOf(OfferingRescheduled, offeringId);
    expect(rescheduled?.data.sessions).toEqual(moved.body.sessions);

    // A single day the kept sessions no longer fit: the back office must send new ones.
    const oneDay = { startsAt: '2030-02-26T09:00:00+01:00', endsAt: '2030-02-26T16:00:00+01:00' };
    expectInvalidField(await writesNothing(() => backOffice.post(`/offerings/${offeringId}/reschedule`, oneDay)), 'sessions');
    const withSessions = await backOffice.post(`/offerings/${offeringId}/reschedule`, { ...oneDay, sessions: [oneDay] });
    expect(withSessions.body.sessions).toEqual([{ startsAt: '2030-02-26T08:00:00.000Z', endsAt: '2030-02-26T15:00:00.000Z' }]);
  });

  it('gives an offering without sessions one: the whole offering', async () => {
    const { offeringId } = await scheduleOffering(backOffice);
    expect((await partner.get(`/offerings/${offeringId}`)).body.sessions).toEqual([
      { startsAt: '2030-02-12T08:00:00.000Z', endsAt: '2030-02-13T15:00:00.000Z' },
    ]);
  });

  it('answers 400 naming the session field that breaks a rule', async () => {
    const seminar = await createSeminar(backOffice, { title: 'Sitzungen', feeCents: 0 });
    const cases: [unknown, string][] = [
      [[days[0], { startsAt: days[1]?.endsAt, endsAt: days[1]?.startsAt }], 'sessions.1.endsAt'],
      [[days[0], { startsAt: '2030-02-12T15:00:00+01:00', endsAt: days[1]?.endsAt }], 'sessions.1.startsAt'],
      [[{ startsAt: '2030-02-12T08:00:00+01:00', endsAt: days[0]?.endsAt }], 'sessions.0.startsAt'],
      [[days[0], { startsAt: days[1]?.startsAt, endsAt: '2030-02-14T16:00:00+01:00' }], 'sessions.1.endsAt'],
      [[], 'sessions'],
    ];
    for (const [sessions, field] of cases) {
      const refused = await writesNothing(() => backOffice.post(`/seminars/${seminar.id}/offerings`, { ...schedule, sessions }));
      expectInvalidBody(refused, field);
    }
    expect((await partner.get(`/seminars/${seminar.id}`)).body.offerings).toEqual([]);
  });
});
