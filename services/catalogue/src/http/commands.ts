import type { OfferingInput, OfferingPatch, RescheduleInput, SeminarInput, SeminarPatch } from '@seminarwerk/contracts/api';
import type { NewOffering, NewSchedule, OfferingPatch as OfferingChanges } from '../domain/offering.ts';
import { type SeminarChanges, type SeminarFields, seminarFieldNames } from '../domain/types.ts';

// Validated HTTP bodies as the domain's inputs. Each is typed on both sides: a change of the public API that the
// domain does not take fails the typecheck here, instead of slipping into stored events.

export function newSeminar(input: SeminarInput): { fields: SeminarFields; status: 'draft' | 'published' } {
  const { status, ...fields } = input;
  return { fields, status };
}

/** Only the seminar's fields: the body's other keys were refused by name already. */
export function seminarChanges(patch: SeminarPatch): SeminarChanges {
  const changes: SeminarChanges = {};
  for (const field of seminarFieldNames) {
    if (patch[field] !== undefined) Object.assign(changes, { [field]: patch[field] });
  }
  return changes;
}

export const newOffering = (input: OfferingInput): NewOffering => input;

export const newSchedule = (input: RescheduleInput): NewSchedule => input;

export const offeringChanges = (patch: OfferingPatch): OfferingChanges => patch;
