import { randomUUID } from 'node:crypto';
import type { Offering, OfferingInput, Seminar, SeminarInput } from '@seminarwerk/contracts/api';
import { AppError } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import { appendToStream, enqueue, prismaSql } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { type CatalogueEvent, createSeminar, scheduleOffering } from '../domain/catalogue.ts';
import type { Offering as OfferingRow, Seminar as SeminarRow } from '../generated/prisma/client.ts';
import { toPublicEvent } from '../messaging/public-events.ts';

export type Clock = () => Date;

export function catalogueService(db: Db, clock: Clock = () => new Date()) {
  /** Appends to the stream, then publishes through the outbox: all in the caller's transaction. */
  async function record(tx: Tx, streamId: string, events: CatalogueEvent[], seminar: SeminarRow, actor: string) {
    const sql = prismaSql(tx);
    const { correlationId } = currentTrace();
    const stored = await appendToStream(
      sql,
      streamId,
      0,
      events.map((e) => ({ ...e, metadata: { actor, correlationId } })),
    );
    const now = clock();
    await enqueue(
      sql,
      stored.map((s, i) => toPublicEvent(events[i] as CatalogueEvent, seminar, { eventId: s.id, time: now, correlationId })),
    );
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
        if ('rejected' in decision) {
          throw new AppError(decision.code === 'seminar-not-found' ? 404 : 422, decision.code, decision.detail);
        }
        const offering = await tx.offering.create({
          data: {
            id,
            seminarId,
            startsAt: new Date(input.startsAt),
            endsAt: new Date(input.endsAt),
            venue: input.venue,
            capacity: input.capacity,
            registrationDeadline: new Date(`${input.registrationDeadline}T00:00:00Z`),
            status: 'published',
            seatsAvailable: input.capacity,
          },
        });
        await record(tx, `offering-${id}`, decision, seminar as SeminarRow, actor);
        return { ...offering, seminar: seminar as SeminarRow };
      });
      return toOfferingDto(row);
    },

    async getSeminar(id: string): Promise<Seminar> {
      const row = await db.seminar.findUnique({ where: { id } });
      if (!row) throw new AppError(404, 'seminar-not-found', 'There is no seminar with this id');
      return toSeminarDto(row);
    },

    async listSeminars(): Promise<Seminar[]> {
      const rows = await db.seminar.findMany({ orderBy: { createdAt: 'asc' }, take: 500 });
      return rows.map(toSeminarDto);
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

function toSeminarDto(row: SeminarRow): Seminar {
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

function toOfferingDto(row: OfferingRow & { seminar: SeminarRow }): Offering {
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
    feeCents: row.seminar.feeCents,
  };
}
