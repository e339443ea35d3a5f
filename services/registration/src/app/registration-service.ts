import { randomUUID } from 'node:crypto';
import type { Booker, DataOf, OfferingScheduled } from '@seminarwerk/contracts';
import type { Registration, RegistrationInput } from '@seminarwerk/contracts/api';
import { AppError, type Principal } from '@seminarwerk/http';
import type { Db, Tx } from '../db.ts';
import type { Rejection } from '../domain/decide.ts';
import { type Offering, waitlistPosition } from '../domain/offering.ts';
import type { Registration as RegistrationRow } from '../generated/prisma/client.ts';
import { offeringQueue } from './offering-queue.ts';
import { type Decision, decideOnOffering } from './offering-stream.ts';

export type Clock = () => Date;

const statusOf: Record<Rejection['code'], 404 | 409 | 422> = {
  'offering-not-open': 409,
  'registration-closed': 422,
  'already-registered': 409,
  'registration-not-found': 404,
  'already-cancelled': 409,
};

function toAppError(rejection: Rejection): AppError {
  const extensions: Record<string, unknown> = {};
  if (rejection.registrationId) extensions.existingRegistrationId = rejection.registrationId;
  if (rejection.code === 'offering-not-open') extensions.retryAfterSeconds = 1;
  return new AppError(statusOf[rejection.code], rejection.code, rejection.detail, extensions);
}

const bookerOf = (p: Principal): Booker =>
  p.kind === 'municipality' ? { kind: 'municipality', municipalityId: p.municipalityId } : { kind: 'back-office', actor: p.actor };

export function registrationService(db: Db, clock: Clock = () => new Date()) {
  async function findVisible(id: string, principal: Principal): Promise<RegistrationRow> {
    const row = await db.registration.findUnique({ where: { id } });
    // A partner sees only its own municipality's registrations; others do not exist for it.
    if (!row || (principal.kind === 'municipality' && row.municipalityId !== principal.municipalityId)) {
      throw new AppError(404, 'registration-not-found', 'There is no registration with this id');
    }
    return row;
  }

  const queue = offeringQueue(db);

  /** The waiting-list position is counted from the read model unless the decision's state is at hand. */
  async function toDto(row: RegistrationRow, state?: Offering): Promise<Registration> {
    const position =
      row.status !== 'waitlisted'
        ? undefined
        : state
          ? waitlistPosition(state, row.id)
          : await db.registration.count({
              where: { offeringId: row.offeringId, status: 'waitlisted', waitlistSeq: { lte: row.waitlistSeq ?? 0 } },
            });
    return {
      id: row.id,
      offeringId: row.offeringId,
      status: row.status as Registration['status'],
      ...(position ? { waitlistPosition: position } : {}),
      participant: { firstName: row.firstName, lastName: row.lastName, email: row.email },
      municipalityId: row.municipalityId,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  async function answer(registrationId: string, outcome: { decision: Decision; state: Offering }): Promise<Registration> {
    if ('rejected' in outcome.decision) throw toAppError(outcome.decision.rejected);
    return toDto(await db.registration.findUniqueOrThrow({ where: { id: registrationId } }), outcome.state);
  }

  return {
    async register(input: RegistrationInput, principal: Principal): Promise<Registration> {
      const municipalityId = principal.kind === 'municipality' ? principal.municipalityId : (input.municipalityId ?? null);
      const registrationId = randomUUID();
      const booking = { registrationId, participant: input.participant, bookedBy: bookerOf(principal), municipalityId };
      const outcome = await queue.submit(input.offeringId, { type: 'Register', booking, now: clock() }, principal.keyId);
      return answer(registrationId, outcome);
    },

    async cancel(id: string, principal: Principal): Promise<Registration> {
      const row = await findVisible(id, principal);
      const command = { type: 'Cancel' as const, registrationId: id, by: bookerOf(principal), now: clock() };
      return answer(id, await queue.submit(row.offeringId, command, principal.keyId));
    },

    async get(id: string, principal: Principal): Promise<Registration> {
      return toDto(await findVisible(id, principal));
    },

    /** A published date from the catalogue opens its stream; runs in the consumer's inbox transaction. */
    async openOffering(tx: Tx, offering: DataOf<typeof OfferingScheduled>) {
      if (offering.status !== 'published') return;
      const terms = {
        offeringId: offering.offeringId,
        snapshot: {
          seminarId: offering.seminarId,
          title: offering.seminarTitle,
          startsAt: offering.startsAt,
          endsAt: offering.endsAt,
          venue: offering.venue,
        },
        capacity: offering.capacity,
        registrationDeadline: offering.registrationDeadline,
        fee: offering.fee,
        vat: offering.vat,
        cancellationTerms: offering.cancellationTerms,
      };
      await decideOnOffering(tx, offering.offeringId, [{ command: { type: 'OpenOffering', terms, now: clock() }, actor: 'catalogue' }]);
    },
  };
}
export type RegistrationService = ReturnType<typeof registrationService>;
