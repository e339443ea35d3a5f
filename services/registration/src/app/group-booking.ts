import { randomUUID } from 'node:crypto';
import type { RegistrationBatchInput } from '@seminarwerk/contracts/api';
import { isRejection } from '@seminarwerk/decider';
import type { Principal } from '@seminarwerk/http';
import { type Attributed, retryOnConflict } from '@seminarwerk/postgres';
import type { Db } from '../db.ts';
import type { OfferingCommand, OfferingDecision, OfferingRejection } from '../domain/decide.ts';
import { type Offering, waitlistPosition } from '../domain/offering.ts';
import { streamId } from './offering-handler.ts';
import { bookingBy, type Clock, type RegistrationService, requestMetadata } from './registration-service.ts';

/** One person of a batch as decided: a place (waitlisted with its position, otherwise confirmed) or a refusal. */
export type PersonDecided = { index: number; offeringId: string; email: string; registrationId: string } & (
  | { refusal: OfferingRejection }
  | { refusal?: undefined; waitlistPosition: number | undefined }
);

export interface BatchDecided {
  dryRun: boolean;
  /** In the order given. */
  people: PersonDecided[];
}

type Person = RegistrationBatchInput['registrations'][number] & { index: number; registrationId: string };

/**
 * A partner books many people at once. Each person is decided on their own, in the order given: on a full
 * offering the group is not refused as a whole; those after the last free seat join the waiting list, in the
 * same order (docs/decisions.md). The whole batch is one transaction: each offering's part is decided under its
 * stream's lock, so nothing slips in between its people, and what one person's write cannot store takes everyone's
 * with it. A batch is never half booked, so a retry with the same Idempotency-Key finds nothing decided.
 * The transaction waits its turn in its offerings' queues like that many registrations (decisions.md 107): bounded as
 * they are, refused with `QueueFull` before it starts, and holding no pooled connection while it waits.
 */
export function groupBooking(
  db: Db,
  { handler, queue, observe }: Pick<RegistrationService, 'handler' | 'queue'> & Partial<Pick<RegistrationService, 'observe'>>,
  clock: Clock = () => new Date(),
) {
  return async function book(input: RegistrationBatchInput, principal: Principal): Promise<BatchDecided> {
    const metadata = requestMetadata(principal);
    const now = clock();
    const register = (person: Person): Attributed<OfferingCommand> => ({
      command: {
        type: 'Register',
        booking: bookingBy(principal, {
          registrationId: person.registrationId,
          participant: person.participant,
          municipalityId: input.municipalityId,
          // A person's own reference overrides the booking's.
          purchaseOrderReference: person.purchaseOrderReference ?? input.purchaseOrderReference,
        }),
        now,
      },
      metadata,
    });

    const byOffering = new Map<string, Person[]>();
    for (const [index, registration] of input.registrations.entries()) {
      const person = { ...registration, index, registrationId: randomUUID() };
      byOffering.set(person.offeringId, [...(byOffering.get(person.offeringId) ?? []), person]);
    }
    // Every batch locks its offerings in the same order, so two batches wait for each other instead of deadlocking.
    const offerings = [...byOffering.keys()].sort();

    const inLine = new Map(offerings.map((offeringId) => [streamId(offeringId), byOffering.get(offeringId)?.length ?? 0]));
    let decisions: (OfferingDecision | undefined)[] = [];
    const people = await queue.exclusive(inLine, () =>
      retryOnConflict(() =>
        db.$transaction(async (tx) => {
          const decided: PersonDecided[] = [];
          decisions = [];
          for (const offeringId of offerings) {
            const group = byOffering.get(offeringId) ?? [];
            const { results, state } = await handler.decideIn(tx, streamId(offeringId), group.map(register), { dryRun: input.dryRun });
            for (const [i, person] of group.entries()) decided.push(personDecided(person, results[i]?.decision, state));
            decisions.push(...results.map((r) => r.decision));
          }
          return decided;
        }),
      ),
    );
    if (!input.dryRun) for (const decision of decisions) observe?.('Register', decision);
    return { dryRun: input.dryRun, people: people.sort((a, b) => a.index - b.index) };
  };
}

function personDecided(person: Person, decision: OfferingDecision | undefined, state: Offering): PersonDecided {
  const { index, offeringId, registrationId } = person;
  const base = { index, offeringId, email: person.participant.email, registrationId };
  if (decision === undefined) throw new Error(`${offeringId}: no decision for person ${index}`);
  if (isRejection(decision)) return { ...base, refusal: decision };
  return { ...base, waitlistPosition: waitlistPosition(state, registrationId) };
}
