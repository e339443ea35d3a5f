import { randomUUID } from 'node:crypto';
import type { BatchOutcome, RegistrationBatchInput, RegistrationBatchResult } from '@seminarwerk/contracts/api';
import type { Principal } from '@seminarwerk/http';
import type { Db } from '../db.ts';
import type { OfferingCommand } from '../domain/decide.ts';
import { type Offering, waitlistPosition } from '../domain/offering.ts';
import type { OfferingQueue } from './offering-queue.ts';
import { type Decision, decideOnOffering } from './offering-stream.ts';
import { billedMunicipality, bookerOf, type Clock } from './registration-service.ts';

class DryRun extends Error {
  constructor(
    readonly decisions: Decision[],
    readonly state: Offering,
  ) {
    super('dry run');
  }
}

/**
 * A partner books many people at once. Each person is decided on their own, in the order given:
 * on a full offering the group is not refused as a whole; those after the last free seat join the
 * waiting list, in the same order (docs/decisions.md). Each offering's members are submitted to its
 * queue back to back, so no other booking of this process slips in between them.
 */
export function groupBooking(db: Db, queue: OfferingQueue, clock: Clock = () => new Date()) {
  async function decideDryRun(offeringId: string, commands: OfferingCommand[], actor: string) {
    try {
      await db.$transaction(async (tx) => {
        const { decisions, snapshot } = await decideOnOffering(
          tx,
          offeringId,
          commands.map((command) => ({ command, actor })),
        );
        throw new DryRun(decisions, snapshot.state); // rolls everything back
      });
    } catch (error) {
      if (error instanceof DryRun) return { decisions: error.decisions, state: error.state };
      throw error;
    }
    throw new Error('unreachable');
  }

  return async function book(input: RegistrationBatchInput, principal: Principal): Promise<RegistrationBatchResult> {
    const municipalityId = billedMunicipality(principal, input.municipalityId);
    const people = input.registrations.map((r, index) => ({ ...r, index, registrationId: randomUUID() }));
    const byOffering = new Map<string, typeof people>();
    for (const p of people) byOffering.set(p.offeringId, [...(byOffering.get(p.offeringId) ?? []), p]);
    const results: BatchOutcome[] = [];
    await Promise.all(
      [...byOffering].map(async ([offeringId, group]) => {
        const now = clock();
        const commands: OfferingCommand[] = group.map((p) => ({
          type: 'Register',
          booking: { registrationId: p.registrationId, participant: p.participant, bookedBy: bookerOf(principal), municipalityId },
          now,
        }));
        const outcomes = input.dryRun
          ? await decideDryRun(offeringId, commands, principal.keyId).then(({ decisions, state }) =>
              decisions.map((decision) => ({ decision, state })),
            )
          : await Promise.all(commands.map((command) => queue.submit(offeringId, command, principal.keyId)));
        for (const [i, person] of group.entries()) results.push(outcomeOf(person, outcomes[i] as { decision: Decision; state: Offering }));
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
  { decision, state }: { decision: Decision; state: Offering },
): BatchOutcome {
  const base = { index: person.index, offeringId: person.offeringId, email: person.participant.email };
  if ('rejected' in decision) {
    const { code, detail, registrationId } = decision.rejected;
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
