import { randomUUID } from 'node:crypto';
import type {
  CapacityChangeInput,
  Offering,
  OfferingCancellationInput,
  OfferingInput,
  RescheduleInput,
  Seminar,
  SeminarInput,
  SeminarPatch,
  Session,
} from '@seminarwerk/contracts/api';
import { seminarPatchFields } from '@seminarwerk/contracts/api';
import { AppError } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import { appendToStream, enqueue, lockStream, prismaSql, streamVersion } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import {
  type CatalogueEvent,
  createSeminar,
  evolveSeminar,
  type Rejection,
  type RejectionCode,
  type SeminarChanges,
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
} from '../domain/offering.ts';
import type { Offering as OfferingRow, Seminar as SeminarRow } from '../generated/prisma/client.ts';
import { toPublicEvent } from '../messaging/public-events.ts';

export type Clock = () => Date;

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
   * A back-office change of one offering: under the stream lock, read the offering, decide, store the
   * result in the read model and record the events. A decision without events (nothing changes) writes nothing.
   */
  async function changeOffering(offeringId: string, actor: string, decide: (offering: OfferingState | null, now: Date) => Decision) {
    const streamId = `offering-${offeringId}`;
    const now = clock();
    const row = await db.$transaction(async (tx) => {
      await lockStream(prismaSql(tx), streamId);
      const current = await tx.offering.findUnique({ where: { id: offeringId }, include: { seminar: true } });
      const before = current && toOfferingState(current);
      const decision = decide(before, now);
      if ('rejected' in decision) throw rejectionError(decision);
      if (!current || !before || decision.length === 0) return current;
      const after = decision.reduce(evolveOffering, before);
      const updated = await tx.offering.update({
        where: { id: offeringId },
        data: {
          startsAt: new Date(after.startsAt),
          endsAt: new Date(after.endsAt),
          venue: after.venue,
          capacity: after.capacity,
          registrationDeadline: new Date(`${after.registrationDeadline}T00:00:00Z`),
          sessions: after.sessions,
          status: after.status,
        },
        include: { seminar: true },
      });
      await record(tx, streamId, decision, current.seminar, actor, now);
      return updated;
    });
    if (!row) throw rejectionError({ rejected: true, code: 'offering-not-found', detail: 'There is no offering with this id' });
    return toOfferingDto(row);
  }

  return {
    async createSeminar(input: SeminarInput, actor: string): Promise<Seminar> {
      const id = randomUUID();
      const events = createSeminar(input, id, clock());
      const row = await db.$transaction(async (tx) => {
        const seminar = await tx.seminar.create({
          data: { id, ...input, cancellationTerms: input.cancellationTerms, createdAt: clock() },
        });
        await record(tx, `seminar-${id}`, events, seminar, actor);
        return seminar;
      });
      return toSeminarDto(row);
    },

    async scheduleOffering(seminarId: string, input: OfferingInput, actor: string): Promise<Offering> {
      const id = randomUUID();
      const row = await db.$transaction(async (tx) => {
        const seminar = await tx.seminar.findUnique({ where: { id: seminarId } });
        const decision = scheduleOffering(input, seminar, id, clock());
        if ('rejected' in decision) throw rejectionError(decision);
        const offering = await tx.offering.create({
          data: {
            id,
            seminarId,
            startsAt: new Date(input.startsAt),
            endsAt: new Date(input.endsAt),
            venue: input.venue,
            onlineLink: input.onlineLink ?? null,
            capacity: input.capacity,
            registrationDeadline: new Date(`${input.registrationDeadline}T00:00:00Z`),
            status: input.status,
            sessions: scheduledSessions(decision),
            seatsAvailable: input.capacity,
          },
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

    /** A draft goes public and opens for registration; a published one stays as it is. */
    publishOffering: (offeringId: string, actor: string): Promise<Offering> =>
      changeOffering(offeringId, actor, (offering, now) => publishOffering(offering, now)),

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

    async getOffering(id: string): Promise<Offering> {
      const row = await db.offering.findUnique({ where: { id }, include: { seminar: true } });
      if (!row) throw new AppError(404, 'offering-not-found', 'There is no offering with this id');
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
    createdAt: row.createdAt.toISOString(),
  };
}

const rejectionStatus: Record<RejectionCode, 400 | 404 | 409 | 422> = {
  'seminar-not-found': 404,
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

function toOfferingState(row: OfferingRow): OfferingState {
  return {
    offeringId: row.id,
    seminarId: row.seminarId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    venue: row.venue,
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
    venue: row.venue,
    capacity: row.capacity,
    seatsAvailable: row.seatsAvailable,
    registrationDeadline: row.registrationDeadline.toISOString().slice(0, 10),
    status: row.status as Offering['status'],
    sessions: row.sessions as unknown as Session[],
    feeCents: row.seminar.feeCents,
  };
}
