import { randomUUID } from 'node:crypto';
import { AvailabilityChanged, type CloudEvent, type EventContract, Topics } from '@seminarwerk/contracts';
import type { Principal } from '@seminarwerk/http';
import {
  type ApiResponse,
  backOfficePrincipal,
  municipalityPrincipal,
  type ServiceUnderTest,
  startServiceUnderTest,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { startCatalogue } from '../src/main.ts';

export type Json = Record<string, any>;
type HeaderMap = Record<string, string>;

/** Where the public API is, as the gateway tells the catalogue for the links in its calendar feed. */
export const apiBaseUrl = 'https://api.seminarwerk.example';

/** The catalogue's internal API as one caller; answers are JSON (or problem+json). */
export interface Client {
  get<T = Json>(path: string, headers?: HeaderMap): Promise<ApiResponse<T>>;
  post<T = Json>(path: string, body?: unknown, headers?: HeaderMap): Promise<ApiResponse<T>>;
  patch<T = Json>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/**
 * The catalogue in this process for one test file: a fresh database, topics of its own, and its internal API
 * called as the gateway calls it (paths without `/v1`): as the back office, as a municipality, or anonymously.
 */
export function useCatalogue() {
  let service: ServiceUnderTest | undefined;
  beforeAll(async () => {
    service = await startServiceUnderTest('catalogue', (env) => startCatalogue(loadConfig({ ...env })), { topics: [Topics.catalogue] });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
  });
  const running = () => {
    if (!service) throw new Error('The catalogue has not started (useCatalogue() belongs at the top of the test file)');
    return service;
  };
  const as = (principal?: Principal): Client => ({
    get: (path, headers) => running().as(principal).get(path, headers),
    post: (path, body, headers) => running().as(principal).post(path, body, headers),
    patch: (path, body) => running().as(principal).patch(path, body),
  });

  /** Every event published with `key` (the aggregate id), in order, once `until` holds for them. */
  const events = (key: string, until?: (events: CloudEvent<string, any>[]) => boolean) => running().events.of(key, until);

  /** How many rows the event store and the outbox hold. */
  async function written(): Promise<{ events: number; outbox: number }> {
    const { rows } = await running().db.query<{ events: number; outbox: number }>(
      'SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox',
    );
    return rows[0] as { events: number; outbox: number };
  }

  return {
    backOffice: as(backOfficePrincipal()),
    /** A partner municipality, as the gateway passes it on: it may read, never write. */
    partner: as(municipalityPrincipal('oldenburg')),
    /** Nobody in particular: the catalogue's reads are public. */
    anyone: as(),
    events,

    /** The iCalendar feed, asked for as the gateway asks: with the public API's address (`apiBaseUrl`) to link to. */
    async calendar(filters = ''): Promise<{ response: Response; text: string }> {
      const response = await fetch(new URL(`/offerings.ics?baseUrl=${encodeURIComponent(apiBaseUrl)}${filters}`, running().url));
      return { response, text: await response.text() };
    },

    /** An anonymous GET's status, content type and body as text, byte for byte as the catalogue sent it. */
    async text(path: string): Promise<{ status: number; contentType: string | null; text: string }> {
      const response = await fetch(new URL(path, running().url));
      return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
    },

    /** The events of one contract with `key`, once `count` of them have arrived. */
    async eventsOf(contract: EventContract, key: string, count = 1): Promise<CloudEvent<string, any>[]> {
      const ofType = (all: CloudEvent<string, any>[]) => all.filter((e) => e.type === contract.type);
      return ofType(await events(key, (all) => ofType(all).length >= count));
    },

    /**
     * The events with `key` up to and including the first one `sentinel` matches. Events of one key arrive in
     * order, so whatever a command before the sentinel published is in this list: it proves what did not happen.
     */
    async eventsUntil(key: string, sentinel: (event: CloudEvent<string, any>) => boolean): Promise<CloudEvent<string, any>[]> {
      const all = await events(key, (received) => received.some(sentinel));
      return all.slice(0, all.findIndex(sentinel) + 1);
    },

    /**
     * Runs `command` and checks that it stored no event and nothing to publish. The catalogue writes both in the
     * transaction that answers, so right after the answer the count is final: no waiting needed.
     */
    async writesNothing<T>(command: () => Promise<T>): Promise<T> {
      const before = await written();
      const answer = await command();
      expect(await written(), 'events and outbox rows').toEqual(before);
      return answer;
    },

    /** Runs `command` and checks that it put exactly `count` events into the outbox (see writesNothing). */
    async publishes<T>(count: number, command: () => Promise<T>): Promise<T> {
      const before = await written();
      const answer = await command();
      expect((await written()).outbox - before.outbox, 'outbox rows written').toBe(count);
      return answer;
    },

    /** What registration publishes after every change of an offering's seats (`version`: its stream version). */
    reportSeats: (offeringId: string, seats: { capacity: number; confirmed: number; version: number }) =>
      running().publish([
        {
          topic: Topics.registration,
          key: offeringId,
          event: {
            specversion: '1.0',
            id: randomUUID(),
            source: '/seminarwerk/registration',
            type: AvailabilityChanged.type,
            subject: offeringId,
            time: new Date().toISOString(),
            data: AvailabilityChanged.data.parse({
              offeringId,
              capacity: seats.capacity,
              confirmed: seats.confirmed,
              waitlisted: 0,
              seatsAvailable: Math.max(seats.capacity - seats.confirmed, 0),
              version: seats.version,
            }),
          },
        },
      ]),
  };
}

export const expectProblem = (response: ApiResponse<Json>, status: number, code: string) => {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, type: `https://seminarwerk.example/problems/${code}`, detail: expect.any(String) });
};

/** A 400 that names the one field that breaks a rule, in `errors`. */
export const expectInvalidField = (response: ApiResponse<Json>, field: string) => {
  expectProblem(response, 400, 'validation-failed');
  expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
};

/** A 400 for a malformed body: the one field is named in `errors` and in `detail`. */
export const expectInvalidBody = (response: ApiResponse<Json>, field: string) => {
  expectInvalidField(response, field);
  expect(response.body.detail).toContain(field);
};

/** Ten consonants: a word no German stemmer shortens, so a search for it finds exactly what carries it. */
export const letters = () => Array.from({ length: 10 }, () => 'bcdfghjklmnpqrstvwxz'[Math.floor(Math.random() * 20)]).join('');

export const oldenburg = { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' };
export const hannover = { name: 'Tagungszentrum', city: 'Hannover' };

/** A two-day date in Oldenburg with 16 seats; published unless the body says otherwise. */
export const schedule = {
  capacity: 16,
  startsAt: '2030-02-12T09:00:00+01:00',
  endsAt: '2030-02-13T16:00:00+01:00',
  venue: oldenburg,
  registrationDeadline: '2030-01-29',
};

export async function createSeminar(backOffice: Client, body: Json = {}): Promise<Json> {
  const seminar = await backOffice.post('/seminars', {
    title: `Vergaberecht kompakt ${letters()}`,
    topic: 'Vergabe',
    feeCents: 29000,
    ...body,
  });
  expect(seminar.status).toBe(201);
  return seminar.body;
}

/** A published seminar with one published date (`schedule`). */
export async function scheduleOffering(backOffice: Client) {
  const seminar = await createSeminar(backOffice);
  const created = await backOffice.post(`/seminars/${seminar.id}/offerings`, schedule);
  expect(created.status).toBe(201);
  return { seminarId: seminar.id as string, offeringId: created.body.id as string, title: seminar.title as string };
}
