import { randomUUID } from 'node:crypto';
import type { ApiClient } from '@seminarwerk/testing';
import { allPages, ok, readJson } from './support.ts';

interface Person {
  firstName: string;
  lastName: string;
  email: string;
  purchaseOrderReference?: string;
}

interface DemoBooking {
  municipality: string;
  /** A seminar's key in catalogue.json, and its date by position (1 = the earliest). */
  seminar: string;
  date: number;
  /** For everyone in the booking, unless a person brings their own. */
  purchaseOrderReference?: string;
  people: Person[];
}

interface BatchOutcome {
  email: string;
  outcome: 'confirmed' | 'waitlisted' | 'refused';
  refusal?: { code: string; detail: string };
}

export interface BookingsSeeded {
  /** People booked by this run. */
  added: number;
  /** People the rules refused (e.g. `registration-closed` once a demo date's deadline has passed). */
  refused: { email: string; code: string }[];
}

/**
 * The demo registrations, booked by each municipality with its own partner key (so billed to it), some with a
 * purchase order reference. Once: a person who holds or held a registration on the date (any status, so a demo
 * participant cancelled by hand stays cancelled) is not booked again.
 */
export async function seedBookings(backOffice: ApiClient, partners: Record<string, ApiClient>): Promise<BookingsSeeded> {
  const { bookings } = await readJson<{ bookings: DemoBooking[] }>('bookings.json');
  const offeringOf = await demoDates(backOffice);
  const seeded: BookingsSeeded = { added: 0, refused: [] };
  for (const booking of bookings) {
    const partner = partners[booking.municipality];
    if (!partner) throw new Error(`Seeding bookings: no partner key for ${booking.municipality}`);
    const offeringId = await offeringOf(booking.seminar, booking.date);
    const registrations = await allPages<{ participant: { email: string } }>(
      backOffice,
      `/v1/registrations?offeringId=${offeringId}&limit=200`,
      `registrations of ${booking.seminar}`,
    );
    const known = new Set(registrations.map((r) => r.participant.email.toLowerCase()));
    const people = booking.people.filter((p) => !known.has(p.email.toLowerCase()));
    if (people.length === 0) continue;
    for (const outcome of await bookWhenOpen(partner, offeringId, people, booking.purchaseOrderReference)) {
      if (outcome.outcome === 'refused') seeded.refused.push({ email: outcome.email, code: outcome.refusal?.code ?? 'unknown' });
      else seeded.added += 1;
    }
  }
  return seeded;
}

/**
 * Books the people as one group booking. Registration opens a date when the catalogue's event arrives, moments
 * after it was created, and refuses it until then (`offering-not-open`, retry after a second): then the booking is
 * sent again, with a new key. Any other answer is final.
 */
async function bookWhenOpen(partner: ApiClient, offeringId: string, people: Person[], purchaseOrderReference: string | undefined) {
  const registrations = people.map(({ purchaseOrderReference: own, ...participant }) => ({
    offeringId,
    participant,
    ...(own ? { purchaseOrderReference: own } : {}),
  }));
  const body = { registrations, ...(purchaseOrderReference ? { purchaseOrderReference } : {}) };
  for (let attempt = 1; ; attempt++) {
    const { results } = ok(
      await partner.post<{ results: BatchOutcome[] }>('/v1/registration-batches', body, { 'idempotency-key': randomUUID() }),
      'demo booking',
    );
    if (attempt >= 30 || !results.some((r) => r.refusal?.code === 'offering-not-open')) return results;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Finds a demo date: the seminar by its title in catalogue.json, its dates by start time. */
async function demoDates(backOffice: ApiClient) {
  const { seminars } = await readJson<{ seminars: { key: string; title: string }[] }>('catalogue.json');
  const published = await allPages<{ id: string; title: string }>(backOffice, '/v1/seminars?limit=100', 'seminar list');
  return async (key: string, position: number): Promise<string> => {
    const title = seminars.find((s) => s.key === key)?.title;
    const seminar = published.find((s) => s.title === title);
    if (!seminar) throw new Error(`Seeding bookings: no seminar ${key} in the catalogue`);
    const detail = ok(
      await backOffice.get<{ offerings: { id: string; status: string }[] }>(`/v1/seminars/${seminar.id}`),
      `seminar ${key}`,
    );
    const offering = detail.offerings.filter((o) => o.status === 'published')[position - 1];
    if (!offering) throw new Error(`Seeding bookings: seminar ${key} has no published date ${position}`);
    return offering.id;
  };
}
