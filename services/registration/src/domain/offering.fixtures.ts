/** Given/when/then for the offering decider, and the people and terms the unit tests share. */
import { expect } from 'vitest';
import type { NewBooking } from './booking.ts';
import { type CommandOf, decide, type OfferingCommand, type OfferingRejection, type RejectionCode } from './decide.ts';
import type { OfferingEvent } from './events.ts';
import { fold, type Offering } from './offering.ts';
import type { CancellationTerms, OfferingTerms } from './terms.ts';

/** Ten days before the registration deadline, five weeks before the start (16 Feb 2027, 09:00 Berlin). */
export const now = new Date('2027-01-10T10:00:00Z');
export const oldenburg = { kind: 'municipality', municipalityId: 'oldenburg' } as const;
export const backOffice = { kind: 'back-office', actor: 'jana.k' } as const;

export const terms = (capacity: number, cancellationTerms: Partial<CancellationTerms> = {}): OfferingTerms => ({
  offeringId: '00000000-0000-4000-8000-000000000001',
  snapshot: {
    seminarId: '00000000-0000-4000-8000-000000000002',
    title: 'Wahlvorstandsschulung',
    startsAt: '2027-02-16T09:00:00+01:00',
    endsAt: '2027-02-16T16:00:00+01:00',
    venue: 'Oldenburg',
  },
  capacity,
  registrationDeadline: '2027-02-02',
  fee: { amountCents: 34000, currency: 'EUR' },
  vat: 'exempt-4-22a',
  cancellationTerms: {
    freeUntilDaysBefore: 14,
    lateCancellationFeePercent: 50,
    noShowFeePercent: 100,
    substituteAllowed: true,
    ...cancellationTerms,
  },
});

export const participant = (name: string) => ({ firstName: name, lastName: 'Muster', email: `${name}@example.org` });
export const person = (name: string): NewBooking => ({
  registrationId: `reg-${name}`,
  participant: participant(name),
  bookedBy: oldenburg,
  municipalityId: 'oldenburg',
});

export const opened = (capacity: number, cancellationTerms: Partial<CancellationTerms> = {}): OfferingEvent => ({
  type: 'OfferingOpened',
  data: { ...terms(capacity, cancellationTerms), openedAt: now.toISOString() },
});
export const register = (name: string, at = now): CommandOf<'Register'> => ({ type: 'Register', booking: person(name), now: at });
export const cancel = (name: string, at = now): CommandOf<'Cancel'> => ({
  type: 'Cancel',
  registrationId: `reg-${name}`,
  by: oldenburg,
  now: at,
});
export const substitute = (name: string, by: string, at = now): CommandOf<'Substitute'> => ({
  type: 'Substitute',
  registrationId: `reg-${name}`,
  participant: participant(by),
  now: at,
});
export const changeCapacity = (capacity: number, at = now): CommandOf<'ChangeCapacity'> => ({ type: 'ChangeCapacity', capacity, now: at });
export const cancelOffering = (at = now): CommandOf<'CancelOffering'> => ({ type: 'CancelOffering', by: backOffice, now: at });
export const recordAttendance = (name: string, attended: boolean, at: Date): CommandOf<'RecordAttendance'> => ({
  type: 'RecordAttendance',
  registrationId: `reg-${name}`,
  attended,
  now: at,
});

/** given(history).when(command).thenEvents(events) — or .thenRejected(code). Not `then`: that would make it a thenable. */
export function given(...history: OfferingEvent[]) {
  const before = fold(history);
  return {
    when(command: OfferingCommand) {
      const result = decide(command, before);
      return {
        result,
        thenEvents(expected: unknown[]) {
          expect(result).toEqual(expected);
        },
        thenRejected(code: RejectionCode, more: Partial<Pick<OfferingRejection, 'registrationId' | 'registrationMunicipalityId'>> = {}) {
          expect(result).toMatchObject({ rejected: true, code, ...more });
        },
        /** The state after the decision. */
        state(): Offering {
          if ('rejected' in result) throw new Error(`Rejected: ${result.detail}`);
          return fold(result, before);
        },
      };
    },
  };
}

/** The events of an offering (opened with this capacity, or by this event) after the commands, each of which must be accepted. */
export function history(opening: OfferingEvent | number, ...commands: OfferingCommand[]): OfferingEvent[] {
  const events: OfferingEvent[] = [typeof opening === 'number' ? opened(opening) : opening];
  for (const command of commands) {
    const result = decide(command, fold(events));
    if ('rejected' in result) throw new Error(`${command.type} rejected: ${result.detail}`);
    events.push(...result);
  }
  return events;
}

export const event = (type: OfferingEvent['type'], data: Record<string, unknown> = {}) =>
  expect.objectContaining({ type, data: expect.objectContaining(data) });
