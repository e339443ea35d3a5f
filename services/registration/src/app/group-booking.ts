import { randomUUID } from 'node:crypto';
import type { BatchOutcome, RegistrationBatchInput, RegistrationBatchResult } from '@seminarwerk/contracts/api';
import { isRejection } from '@seminarwerk/decider';
import type { Principal } from '@seminarwerk/http';
import type { Attributed } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import type { OfferingCommand, OfferingDecision } from '../domain/decide.ts';
import { type Offering, waitlistPosition } from '../domain/offering.ts';
import { streamId } from './offering-handler.ts';
import { bookingBy, type Clock, type RegistrationService, requestMetadata } from './registration-service.ts';

interface Answer {
  decision: OfferingDecision;
  state: Offering;
}

/**
 * A partner books many people at once. Each person is decided on their own, in the order given:
 * on a full offering the group is not refused as a whole; those after the last free seat join the
 * waiting list, in the same order (docs/decisions.md). Each offering's members are submitted to its
 * queue back to back, so no other booking of this process slips in between them.
 */
export function groupBooking(db: Db, { handler, queue }: Pick<RegistrationService, 'handler' | 'queue'>, clock: Clock = () => new Date()) {
  /** Decides the group on the offering as it is now and writes nothing. */
  async function dryRun(offeringId: string, commands: readonly Attributed<OfferingCommand>[]): Promise<Answer[]> {
    const { results, state } = await db.$transaction((tx) => handler.decideIn(tx, streamId(offeringId), commands, { dryRun: true }));
    return results.map(({ decision }) => ({ decision, state }));
  }

  return async function book(input: RegistrationBatchInput, principal: Principal): Promise<RegistrationBatchResult> {
    const metadata = requestMetadata(principal);
    const people = input.registrations.map((r, index) => ({ ...r, index, registrationId: randomUUID() }));
    const byOffering = new Map<string, typeof people>();
    for (const p of people) byOffering.set(p.offeringId, [...(byOffering.get(p.offeringId) ?? []), p]);
    const results: BatchOutcome[] = [];
    await Promise.all(
      [...byOffering].map(async ([offeringId, group]) => {
        const now = clock();
        const commands = group.map(
          (p): Attributed<OfferingCommand> => ({
            command: {
              type: 'Register',
              booking: bookingBy(principal, {
                registrationId: p.registrationId,
                participant: p.participant,
                municipalityId: input.municipalityId,
                // A person's own reference overrides the booking's.
                purchaseOrderReference: p.purchaseOrderReference ?? input.purchaseOrderReference,
              }),
              now,
            },
            metadata,
          }),
        );
        const answers: Answer[] = input.dryRun
          ? await dryRun(offeringId, commands)
          : await Promise.all(commands.map(({ command }) => queue.submit(streamId(offeringId), command, metadata)));
        for (const [i, person] of group.entries()) results.push(outcomeOf(person, answers[i] as Answer));
      }),
    );
    results.sort((a, b) => a.index - b.index);
    const count = (o: BatchOutcome['outcome']) => results.filter((r) => r.outcome === o).length;
    return {
      dryRun: input.dryRun,
      results,
      summary: { confirmed: count('confirmed'), waitlisted: count('waitlisted'), refused: count('refused') },
    };
  };
}

function outcomeOf(
  person: { index: number; offeringId: string; registrationId: string; participant: { email: string } },
  { decision, state }: Answer,
): BatchOutcome {
  const base = { index: person.index, offeringId: person.offeringId, email: person.participant.email };
  if (isRejection(decision)) {
    const { code, detail, registrationId } = decision;
    return {
      ...base,
      outcome: 'refused',
      refusal: { code, detail, ...(registrationId ? { existingRegistrationId: registrationId } : {}) },
    };
  }
  const position = waitlistPosition(state, person.registrationId);
  return position !== undefined
    ? { ...base, outcome: 'waitlisted', registrationId: person.registrationId, waitlistPosition: position }
    : { ...base, outcome: 'confirmed', registrationId: person.registrationId };
}
