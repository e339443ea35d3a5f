import { randomUUID } from 'node:crypto';
import type { Offering, Seminar } from '@seminarwerk/contracts/api';
import { isRejection, Rejected } from '@seminarwerk/decider';
import type { Db, Tx } from '../db.ts';
import type { CatalogueCommand } from '../domain/catalogue.ts';
import type { NewOffering, NewSchedule, OfferingPatch } from '../domain/offering.ts';
import { type CatalogueRejection, offeringNotFound, seminarNotFound } from '../domain/rejections.ts';
import type { SeminarChanges, SeminarFields } from '../domain/types.ts';
import { toOfferingDto, toSeminarDto } from './read-model.ts';
import { seminarStream, seminarStreamId } from './seminar-stream.ts';

export type Clock = () => Date;

/**
 * The back office's operations on seminars and their dates. Each runs one command on the seminar's stream and
 * answers the row as the projection left it (with the free seats registration last reported). A refused
 * command is thrown as `Rejected`, for the HTTP edge to answer (src/http/problems.ts).
 */
export function catalogueService(db: Db, clock: Clock = () => new Date()) {
  const stream = seminarStream(db);

  async function run(seminarId: string, command: CatalogueCommand, actor: string): Promise<void> {
    const { decision } = await stream.handle(seminarStreamId(seminarId), command, { actor });
    if (isRejection(decision)) throw new Rejected(decision);
  }

  async function seminar(seminarId: string): Promise<Seminar> {
    const row = await db.seminar.findUnique({ where: { id: seminarId } });
    if (!row) throw new Rejected(seminarNotFound());
    return toSeminarDto(row);
  }

  async function offering(offeringId: string): Promise<Offering> {
    const row = await db.offering.findUnique({ where: { id: offeringId }, include: { seminar: true } });
    if (!row) throw new Rejected(offeringNotFound());
    return toOfferingDto(row);
  }

  /** A date's seminar, which holds its stream. It never changes, so the read model's answer is as good as the stream's. */
  async function seminarOf(offeringId: string): Promise<string> {
    const row = await db.offering.findUnique({ where: { id: offeringId }, select: { seminarId: true } });
    if (!row) throw new Rejected(offeringNotFound());
    return row.seminarId;
  }

  async function onSeminar(seminarId: string, command: CatalogueCommand, actor: string): Promise<Seminar> {
    await run(seminarId, command, actor);
    return seminar(seminarId);
  }

  async function onOffering(offeringId: string, command: CatalogueCommand, actor: string): Promise<Offering> {
    await run(await seminarOf(offeringId), command, actor);
    return offering(offeringId);
  }

  return {
    createSeminar(input: { fields: SeminarFields; status: 'draft' | 'published' }, actor: string): Promise<Seminar> {
      const seminarId = randomUUID();
      return onSeminar(seminarId, { type: 'CreateSeminar', data: { seminarId, ...input, now: clock() } }, actor);
    },

    /** Only changed fields are recorded and published (`catalogue.seminar.updated.v1`); the search index follows. */
    updateSeminar: (seminarId: string, changes: SeminarChanges, actor: string) =>
      onSeminar(seminarId, { type: 'UpdateSeminar', data: { changes, now: clock() } }, actor),

    publishSeminar: (seminarId: string, actor: string) => onSeminar(seminarId, { type: 'PublishSeminar', data: { now: clock() } }, actor),

    /** Calls the seminar off and every date of it that is not cancelled yet, in one decision. */
    cancelSeminar: (seminarId: string, reason: string, actor: string) =>
      onSeminar(seminarId, { type: 'CancelSeminar', data: { reason, now: clock() } }, actor),

    async scheduleOffering(seminarId: string, input: NewOffering, actor: string): Promise<Offering> {
      const offeringId = randomUUID();
      await run(seminarId, { type: 'ScheduleOffering', data: { offeringId, offering: input, now: clock() } }, actor);
      return offering(offeringId);
    },

    /** Free seats are not computed here: registration reports them (recordAvailability). */
    changeCapacity: (offeringId: string, capacity: number, actor: string) =>
      onOffering(offeringId, { type: 'ChangeCapacity', data: { offeringId, capacity, now: clock() } }, actor),

    rescheduleOffering: (offeringId: string, schedule: NewSchedule, actor: string) =>
      onOffering(offeringId, { type: 'RescheduleOffering', data: { offeringId, schedule, now: clock() } }, actor),

    /** Capacity, date, sessions, place, link or deadline, each published as its own event. */
    updateOffering: (offeringId: string, patch: OfferingPatch, actor: string) =>
      onOffering(offeringId, { type: 'UpdateOffering', data: { offeringId, patch, now: clock() } }, actor),

    /** A draft goes public and opens for registration (once its seminar is public); a published one stays as it is. */
    publishOffering: (offeringId: string, actor: string) =>
      onOffering(offeringId, { type: 'PublishOffering', data: { offeringId, now: clock() } }, actor),

    cancelOffering: (offeringId: string, reason: string, actor: string) =>
      onOffering(offeringId, { type: 'CancelOffering', data: { offeringId, reason, now: clock() } }, actor),

    /**
     * Registration reports seats after every change; older reports (lower version) are ignored. A report on an
     * offering the catalogue does not have is refused, so the inbox records and counts it.
     */
    async recordAvailability(tx: Tx, offeringId: string, seatsAvailable: number, version: number): Promise<CatalogueRejection | undefined> {
      const { count } = await tx.offering.updateMany({
        where: { id: offeringId, availabilityVersion: { lt: version } },
        data: { seatsAvailable, availabilityVersion: version },
      });
      if (count === 0 && !(await tx.offering.findUnique({ where: { id: offeringId }, select: { id: true } }))) return offeringNotFound();
      return undefined;
    },
  };
}
export type CatalogueService = ReturnType<typeof catalogueService>;
