import type { Offering, Seminar } from '@seminarwerk/contracts/api';
import { locationLine } from '../domain/date-and-place.ts';
import type { Offering as OfferingState, Seminar as SeminarState } from '../domain/seminar.ts';
import type { Session, Venue } from '../domain/types.ts';
import type { Offering as OfferingRow, Seminar as SeminarRow } from '../generated/prisma/client.ts';

// The tables `seminars` and `offerings` are projections of the seminar streams (projection.ts), read by the
// public catalogue. Free seats are the exception: registration reports them (AvailabilityChanged).

/** The columns of a seminar's row, from its folded state. */
export function seminarColumns(seminar: SeminarState) {
  const { title, topic, summary, description, audience, lecturers, feeCents, vat, cancellationTerms, status } = seminar;
  return { title, topic, summary, description, audience, lecturers, feeCents, vat, cancellationTerms, status };
}

/** The columns of an offering's row, from its folded state; `venue` is the place as one line. Not its free seats. */
export function offeringColumns(o: OfferingState) {
  return {
    startsAt: new Date(o.startsAt),
    endsAt: new Date(o.endsAt),
    format: o.format,
    venue: locationLine(o.format, o.venue),
    venueName: o.venue?.name ?? null,
    venueStreet: o.venue?.street ?? null,
    venuePostalCode: o.venue?.postalCode ?? null,
    venueCity: o.venue?.city ?? null,
    onlineLink: o.onlineLink ?? null,
    capacity: o.capacity,
    registrationDeadline: new Date(`${o.registrationDeadline}T00:00:00Z`),
    sessions: o.sessions,
    status: o.status,
  };
}

export function toSeminarDto(row: SeminarRow): Seminar {
  return {
    id: row.id,
    title: row.title,
    topic: row.topic,
    summary: row.summary,
    description: row.description,
    audience: row.audience,
    lecturers: row.lecturers,
    feeCents: row.feeCents,
    vat: row.vat as Seminar['vat'],
    cancellationTerms: row.cancellationTerms as Seminar['cancellationTerms'],
    status: row.status as Seminar['status'],
    createdAt: row.createdAt.toISOString(),
  };
}

function venueOf(row: OfferingRow): Venue | null {
  if (row.format === 'online' || row.venueName === null || row.venueCity === null) return null;
  return {
    name: row.venueName,
    ...(row.venueStreet ? { street: row.venueStreet } : {}),
    ...(row.venuePostalCode ? { postalCode: row.venuePostalCode } : {}),
    city: row.venueCity,
  };
}

export function toOfferingDto(row: OfferingRow & { seminar: SeminarRow }): Offering {
  return {
    id: row.id,
    seminarId: row.seminarId,
    title: row.seminar.title,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    format: row.format as Offering['format'],
    venue: venueOf(row),
    location: row.venue,
    capacity: row.capacity,
    seatsAvailable: row.seatsAvailable,
    registrationDeadline: row.registrationDeadline.toISOString().slice(0, 10),
    status: row.status as Offering['status'],
    sessions: row.sessions as unknown as Session[],
    feeCents: row.seminar.feeCents,
  };
}
