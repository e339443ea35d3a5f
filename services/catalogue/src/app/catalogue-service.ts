import { randomUUID } from 'node:crypto';
import type {
  CapacityChangeInput,
  Offering,
  OfferingCancellationInput,
  OfferingInput,
  OfferingPatch,
  RescheduleInput,
  Seminar,
  SeminarCancellationInput,
  SeminarInput,
  SeminarPatch,
  Session,
  Venue,
} from '@seminarwerk/contracts/api';
import { locationLine, seminarPatchFields } from '@seminarwerk/contracts/api';
import { AppError } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import { appendToStream, enqueue, lockStream, prismaSql, streamVersion } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import {
  type CatalogueEvent,
  cancelSeminar,
  createSeminar,
  evolveSeminar,
  publishSeminar,
  type Rejection,
  type RejectionCode,
  type SeminarChanges,
  type SeminarStatus,
  scheduleOffering,
  updateSeminar,
} from '../domain/catalogue.ts';
import {
  cancelOffering,
  changeCapacity,
  type Decision,
  evolveOffering,
  type OfferingState,
  publishOffering,
  rescheduleOffering,
  updateOffering,
} from '../domain/offering.ts';
import type { Offering as OfferingRow, Seminar as SeminarRow } from '../generated/prisma/client.ts';
import { toPublicEvent } from '../messaging/public-events.ts';

export type Clock = () => Date;

/** Who reads: the back office also sees drafts. */
export type Audience = 'public' | 'back-office';

export function catalogueService(db: Db, clock: Clock = () => new Date()) {
  /**
   * Appends to the stream at its current version (under the stream's lock, so writers of one offering
   * queue instead of conflicting), then publishes through the outbox: all in the caller's transaction.
   */
  async function record(tx: Tx, streamId: string, events: CatalogueEvent[], seminar: SeminarRow, actor: string, now = clock()) {
    const sql = prismaSql(tx);
    const { correlationId } = currentTrace();
    await lockStream(sql, streamId);
    const stored = await appendToStream(
      sql,
      streamId,
      await streamVersion(sql, streamId),
      events.map((e) => ({ ...e, metadata: { actor, correlationId } })),
    );
    await enqueue(
      sql,
      stored.map((s, i) => toPublicEvent(events[i] as CatalogueEvent, seminar, { eventId: s.id, time: now, correlationId })),
    );
  }

  /**
   * Locks: the seminar row (shared) before any offering stream, the order cancelSeminar takes them in too,
   * so a date cannot be scheduled or published while its seminar is being called off.
   */
  async function seminarStatusForShare(tx: Tx, where: { seminarId: string } | { offeringId: string }): Promise<SeminarStatus | null> {
    const rows =
      'seminarId' in where
        ? await tx.$queryRaw<{ status: string }[]>`SELECT "status" FROM "seminars" WHERE "id" = ${where.seminarId}::uuid FOR SHARE`
        : await tx.$queryRaw<{ status: string }[]>`
            SELECT s."status" FROM "seminars" s JOIN "offerings" o ON o."seminar_id" = s."id"
             WHERE o."id" = ${where.offeringId}::uuid FOR SHARE OF s`;
    return (rows[0]?.status as SeminarStatus | undefined) ?? null;
  }

  /**
   * A back-office change of one offering: under the stream lock, read the offering, decide, store the
   * result in the read model and record the events. A decision without events (nothing changes) writes nothing.
   */
  async function changeOffering(
    offeringId: string,
    actor: string,
    decide: (offering: OfferingState | null, now: Date, seminarStatus: SeminarStatus | null) => Decision,
  ) {
    const streamId = `offering-${offeringId}`;
    const now = clock();
    const row = await db.$transaction(async (tx) => {
      const seminarStatus = await seminarStatusForShare(tx, { offeringId });
      await lockStream(prismaSql(tx), streamId);
      const current = await tx.offering.findUnique({ where: { id: offeringId }, include: { seminar: true } });
      const before = current && toOfferingState(current);
      const decision = decide(before, now, seminarStatus);
      if ('rejected' in decision) throw rejectionError(decision);
      if (!current || !before || decision.length === 0) return current;
      const after = decision.reduce(evolveOffering, before);
      const updated = await tx.offering.update({
        where: { id: offeringId },
        data: { ...offeringColumns(after), status: after.status },
        include: { seminar: true },
      });
      await record(tx, streamId, decision, current.seminar, actor, now);
      return updated;
    });
    if (!row) throw rejectionError({ rejected: true, code: 'offering-not-found', detail: 'There is no offering with this id' });
    return toOfferingDto(row);
  }

  /** A status change of a seminar (publish, cancel) under its stream lock; `effects` may record more. */
  async function changeSeminarStatus(
    seminarId: string,
    actor: string,
    decide: (seminar: (Seminar & { status: SeminarStatus }) | null, tx: Tx, now: Date) => Promise<CatalogueEvent[] | Rejection>,
  ): Promise<Seminar> {
    const streamId = `seminar-${seminarId}`;
    const now = clock();
    const row = await db.$transaction(async (tx) => {
      await lockStream(prismaSql(tx), streamId);
      // The row lock waits for dates being scheduled or published right now (they hold it FOR SHARE), so what
      // `decide` reads next includes them, and later ones wait for this transaction and see its outcome.
      await tx.$queryRaw`SELECT 1 FROM "seminars" WHERE "id" = ${seminarId}::uuid FOR UPDATE`;
      const current = await tx.seminar.findUnique({ where: { id: seminarId } });
      const decision = await decide(current && toSeminarDto(current), tx, now);
      if ('rejected' in decision) throw rejectionError(decision);
      if (!current || decision.length === 0) return current;
      const status = decision.some((e) => e.type === 'SeminarCancelled') ? 'cancelled' : 'published';
      const updated = await tx.seminar.update({ where: { id: seminarId }, data: { status } });
      const forSeminar = decision.filter((e) => e.type === 'SeminarPublished' || e.type === 'SeminarCancelled');
      await record(tx, streamId, forSeminar, updated, actor, now);
      // Each called-off date in its own stream, under its lock, in id order (the order the decision lists them in).
      const offeringCancellations = decision.filter((e) => e.type === 'OfferingCancelled');
      for (const event of offeringCancellations) {
        await tx.offering.update({ where: { id: event.data.offeringId }, data: { status: 'cancelled' } });
        await record(tx, `offering-${event.data.offeringId}`, [event], updated, actor, now);
      }
      return updated;
    });
    if (!row) throw new AppError(404, 'seminar-not-found', 'There is no seminar with this id');
    return toSeminarDto(row);
  }

  return {
    async createSeminar(input: SeminarInput, actor: string): Promise<Seminar> {
      const id = randomUUID();
      const events = createSeminar(input, id, clock());
      const row = await db.$transaction(async (tx) => {
        const seminar = await tx.seminar.create({
          data: { id, ...input, cancellationTerms: input.cancellationTerms, status: input.status, createdAt: clock() },
        });
        await record(tx, `seminar-${id}`, events, seminar, actor);
        return seminar;
      });
      return toSeminarDto(row);
    },

    async scheduleOffering(seminarId: string, input: OfferingInput, actor: string): Promise<Offering> {
      const id = randomUUID();
      const row = await db.$transaction(async (tx) => {
        await seminarStatusForShare(tx, { seminarId });
        const seminar = await tx.seminar.findUnique({ where: { id: seminarId } });
        const decision = scheduleOffering(input, seminar, id, clock());
        if ('rejected' in decision) throw rejectionError(decision);
        const columns = offeringColumns({
          ...input,
          venue: input.venue ?? null,
          sessions: scheduledSessions(decision),
        });
        const offering = await tx.offering.create({
          data: { id, seminarId, ...columns, status: input.status, seatsAvailable: input.capacity },
        });
        await record(tx, `offering-${id}`, decision, seminar as SeminarRow, actor);
        return { ...offering, seminar: seminar as SeminarRow };
      });
      return toOfferingDto(row);
    },

    /** Seats free are not computed here: registration reports them (recordAvailability). */
    changeCapacity: (offeringId: string, input: CapacityChangeInput, actor: string): Promise<Offering> =>
      changeOffering(offeringId, actor, (offering, now) => changeCapacity(offering, input.capacity, now)),

    rescheduleOffering: (offeringId: string, input: RescheduleInput, actor: string): Promise<Offering> =>
      changeOffering(offeringId, actor, (offering, now) => rescheduleOffering(offering, input, now)),

    cancelOffering: (offeringId: string, input: OfferingCancellationInput, actor: string): Promise<Offering> =>
      changeOffering(offeringId, actor, (offering, now) => cancelOffering(offering, input.reason, now)),

    /** A draft goes public and opens for registration (once its seminar is public); a published one stays as it is. */
    publishOffering: (offeringId: string, actor: string): Promise<Offering> =>
      changeOffering(offeringId, actor, (offering, now, seminarStatus) => publishOffering(offering, seminarStatus ?? 'draft', now)),

    /** A partial update: capacity, date, sessions, place, link or deadline, each published as its own event. */
    updateOffering: (offeringId: string, patch: OfferingPatch, actor: string): Promise<Offering> =>
      changeOffering(offeringId, actor, (offering, now) => updateOffering(offering, patch, now)),

    publishSeminar: (seminarId: string, actor: string): Promise<Seminar> =>
      changeSeminarStatus(seminarId, actor, async (seminar, _tx, now) => publishSeminar(seminar, seminarId, now)),

    /** Calls the seminar off and every date of it that is not cancelled yet, in one transaction. */
    cancelSeminar: (seminarId: string, input: SeminarCancellationInput, actor: string): Promise<Seminar> =>
      changeSeminarStatus(seminarId, actor, async (seminar, tx, now) => {
        const offerings = await tx.offering.findMany({ where: { seminarId }, select: { id: true, status: true }, orderBy: { id: 'asc' } });
        const states = offerings.map((o) => ({ offeringId: o.id, status: o.status }));
        return cancelSeminar(seminar, states, input.reason, seminarId, now);
      }),

    /**
     * A partial update of a seminar, under the seminar stream's lock. Only changed fields are stored and
     * published (`catalogue.seminar.updated.v1`); the search index is an expression index, so it follows.
     */
    async updateSeminar(seminarId: string, patch: SeminarPatch, actor: string): Promise<Seminar> {
      const streamId = `seminar-${seminarId}`;
      const now = clock();
      const known: SeminarChanges = {};
      for (const field of seminarPatchFields) {
        if (patch[field] !== undefined) Object.assign(known, { [field]: patch[field] });
      }
      const row = await db.$transaction(async (tx) => {
        await lockStream(prismaSql(tx), streamId);
        const current = await tx.seminar.findUnique({ where: { id: seminarId } });
        const before = current && toSeminarDto(current);
        const decision = updateSeminar(before, known, seminarId, now);
        if ('rejected' in decision) throw rejectionError(decision);
        if (!current || !before || decision.length === 0) return current;
        let after = before;
        for (const event of decision) if (event.type === 'SeminarUpdated') after = evolveSeminar(after, event.data.changes);
        const updated = await tx.seminar.update({
          where: { id: seminarId },
          data: {
            title: after.title,
            topic: after.topic,
            summary: after.summary,
            description: after.description,
            audience: after.audience,
            lecturers: after.lecturers,
            feeCents: after.feeCents,
            vat: after.vat,
            cancellationTerms: after.cancellationTerms,
          },
        });
        await record(tx, streamId, decision, updated, actor, now);
        return updated;
      });
      if (!row) throw new AppError(404, 'seminar-not-found', 'There is no seminar with this id');
      return toSeminarDto(row);
    },

    async getSeminar(id: string): Promise<Seminar> {
      const row = await db.seminar.findUnique({ where: { id } });
      if (!row) throw new AppError(404, 'seminar-not-found', 'There is no seminar with this id');
      return toSeminarDto(row);
    },

    /** Drafts exist only for the back office: anyone else gets the same 404 as for an unknown id. */
    async getOffering(id: string, audience: Audience): Promise<Offering> {
      const row = await db.offering.findUnique({ where: { id }, include: { seminar: true } });
      if (!row || (row.status === 'draft' && audience !== 'back-office')) {
        throw new AppError(404, 'offering-not-found', 'There is no offering with this id');
      }
      return toOfferingDto(row);
    },

    /** Registration reports seats after every change; older reports (lower version) are ignored. */
    async recordAvailability(tx: Tx, offeringId: string, seatsAvailable: number, version: number) {
      await tx.offering.updateMany({
        where: { id: offeringId, availabilityVersion: { lt: version } },
        data: { seatsAvailable, availabilityVersion: version },
      });
    },
  };
}
export type CatalogueService = ReturnType<typeof catalogueService>;

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

const rejectionStatus: Record<RejectionCode, 400 | 404 | 409 | 422> = {
  'seminar-not-found': 404,
  'seminar-not-published': 409,
  'seminar-cancelled': 409,
  'seminar-already-cancelled': 409,
  'offering-not-found': 404,
  'offering-in-the-past': 422,
  'offering-cancelled': 409,
  'offering-already-cancelled': 409,
  'invalid-field': 400,
};

/** A refused command as problem+json; a field problem names the field (`errors`), like input validation does. */
function rejectionError(rejection: Rejection): AppError {
  const errors = rejection.field ? { errors: [{ field: rejection.field, detail: rejection.detail }] } : undefined;
  if (rejection.code === 'invalid-field') {
    return new AppError(400, 'validation-failed', `The request body is invalid: ${rejection.field}: ${rejection.detail}`, errors);
  }
  return new AppError(rejectionStatus[rejection.code], rejection.code, rejection.detail, errors);
}

/** The sessions the scheduling decision settled on (given ones or the whole offering). */
function scheduledSessions(events: CatalogueEvent[]): Session[] {
  for (const event of events) if (event.type === 'OfferingScheduled') return event.data.sessions;
  return [];
}

/** The read model's columns of an offering's date and place; `venue` is the place as one line. */
function offeringColumns(o: Omit<OfferingState, 'offeringId' | 'seminarId' | 'status'>) {
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

function toOfferingState(row: OfferingRow): OfferingState {
  return {
    offeringId: row.id,
    seminarId: row.seminarId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    format: row.format as OfferingState['format'],
    venue: venueOf(row),
    ...(row.onlineLink ? { onlineLink: row.onlineLink } : {}),
    capacity: row.capacity,
    registrationDeadline: row.registrationDeadline.toISOString().slice(0, 10),
    sessions: row.sessions as unknown as Session[],
    status: row.status as OfferingState['status'],
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
