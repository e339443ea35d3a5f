import { randomUUID } from 'node:crypto';
import type { Booker, DataOf, OfferingScheduled, Participant } from '@seminarwerk/contracts';
import type { Registration, RegistrationInput } from '@seminarwerk/contracts/api';
import type { Principal } from '@seminarwerk/http';
import type { Db, Tx } from '../db.ts';
import type { OfferingCommand } from '../domain/decide.ts';
import type { Offering } from '../domain/offering.ts';
import { offeringQueue } from './offering-queue.ts';
import { type Decision, decideOnOffering } from './offering-stream.ts';
import { registrationViews } from './registration-views.ts';
import { toAppError } from './rejections.ts';

export type Clock = () => Date;

export const bookerOf = (p: Principal): Booker =>
  p.kind === 'municipality' ? { kind: 'municipality', municipalityId: p.municipalityId } : { kind: 'back-office', actor: p.actor };

export const billedMunicipality = (p: Principal, requested: string | undefined) =>
  p.kind === 'municipality' ? p.municipalityId : (requested ?? null);

/** Commands on registrations. Every change of an offering goes through its queue (one writer at a time). */
export function registrationService(db: Db, clock: Clock = () => new Date()) {
  const queue = offeringQueue(db);
  const views = registrationViews(db);

  async function answer(registrationId: string, outcome: { decision: Decision; state: Offering }): Promise<Registration> {
    if ('rejected' in outcome.decision) throw toAppError(outcome.decision.rejected);
    return views.view(await db.registration.findUniqueOrThrow({ where: { id: registrationId } }), outcome.state);
  }

  /** A command on an existing registration the principal may see. */
  async function onRegistration(id: string, principal: Principal, command: (now: Date) => OfferingCommand) {
    const row = await views.findVisible(id, principal);
    return answer(id, await queue.submit(row.offeringId, command(clock()), principal.keyId));
  }

  return {
    queue,
    views,

    async register(input: RegistrationInput, principal: Principal): Promise<Registration> {
      const registrationId = randomUUID();
      const booking = {
        registrationId,
        participant: input.participant,
        bookedBy: bookerOf(principal),
        municipalityId: billedMunicipality(principal, input.municipalityId),
      };
      const outcome = await queue.submit(input.offeringId, { type: 'Register', booking, now: clock() }, principal.keyId);
      if ('rejected' in outcome.decision) throw toAppError(outcome.decision.rejected);
      const { state, recordedAt } = outcome;
      const fresh = state.status !== 'unknown' && recordedAt ? views.fromDecision(registrationId, state, recordedAt) : undefined;
      return fresh ?? answer(registrationId, outcome);
    },

    cancel: (id: string, principal: Principal) =>
      onRegistration(id, principal, (now) => ({ type: 'Cancel', registrationId: id, by: bookerOf(principal), now })),

    substitute: (id: string, participant: Participant, principal: Principal) =>
      onRegistration(id, principal, (now) => ({ type: 'Substitute', registrationId: id, participant, now })),

    recordAttendance: (id: string, attended: boolean, principal: Principal) =>
      onRegistration(id, principal, (now) => ({ type: 'RecordAttendance', registrationId: id, attended, now })),

    /** A change from the catalogue, decided in the consumer's inbox transaction. */
    async fromCatalogue(tx: Tx, offeringId: string, command: OfferingCommand) {
      await decideOnOffering(tx, offeringId, [{ command, actor: 'catalogue' }]);
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
          ...(offering.onlineLink ? { onlineLink: offering.onlineLink } : {}),
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
