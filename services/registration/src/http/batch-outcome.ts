import type { BatchOutcome, RegistrationBatchResult } from '@seminarwerk/contracts/api';
import type { Principal } from '@seminarwerk/http';
import type { BatchDecided, PersonDecided } from '../app/group-booking.ts';
import { registrationShownTo } from './problems.ts';

/** A batch as its caller learns it: per person, a refusal naming a held place only if that place is theirs to know. */
export function batchResult({ dryRun, people }: BatchDecided, caller: Principal): RegistrationBatchResult {
  const results = people.map((person) => outcomeOf(person, caller));
  const count = (outcome: BatchOutcome['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return { dryRun, results, summary: { confirmed: count('confirmed'), waitlisted: count('waitlisted'), refused: count('refused') } };
}

function outcomeOf(person: PersonDecided, caller: Principal): BatchOutcome {
  const { index, offeringId, email, registrationId } = person;
  const base = { index, offeringId, email };
  if (person.refusal) {
    const { code, detail } = person.refusal;
    const existingRegistrationId = registrationShownTo(caller, person.refusal);
    return { ...base, outcome: 'refused', refusal: { code, detail, ...(existingRegistrationId ? { existingRegistrationId } : {}) } };
  }
  return person.waitlistPosition !== undefined
    ? { ...base, outcome: 'waitlisted', registrationId, waitlistPosition: person.waitlistPosition }
    : { ...base, outcome: 'confirmed', registrationId };
}
