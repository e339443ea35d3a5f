import { describe, expect, it } from 'vitest';
import { decide, type OfferingCommand } from './decide.ts';
import type { Booking, OfferingEvent, OfferingTerms } from './events.ts';
import { fold, waitlistPosition } from './offering.ts';

const now = new Date('2027-01-10T10:00:00Z');
const terms = (capacity: number): OfferingTerms => ({
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
  cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
});
const person = (name: string): Booking => ({
  registrationId: `reg-${name}`,
  participant: { firstName: name, lastName: 'Muster', email: `${name}@example.org` },
  bookedBy: { kind: 'municipality', municipalityId: 'oldenburg' },
  municipalityId: 'oldenburg',
});
const opened = (capacity: number): OfferingEvent => ({ type: 'OfferingOpened', data: { ...terms(capacity), openedAt: now.toISOString() } });
const register = (name: string, at = now): OfferingCommand => ({ type: 'Register', booking: person(name), now: at });
const cancel = (name: string): OfferingCommand => ({
  type: 'Cancel',
  registrationId: `reg-${name}`,
  by: { kind: 'municipality', municipalityId: 'oldenburg' },
  now,
});

/** given(events).when(command) → the events (or rejection) the decision produced. */
function given(...history: OfferingEvent[]) {
  return {
    when: (command: OfferingCommand) => decide(command, fold(history)),
    state: () => fold(history),
  };
}
function history(capacity: number, ...commands: OfferingCommand[]): OfferingEvent[] {
  const events: OfferingEvent[] = [opened(capacity)];
  for (const command of commands) {
    const result = decide(command, fold(events));
    if ('rejected' in result) throw new Error(result.detail);
    events.push(...result);
  }
  return events;
}

describe('the offering stream', () => {
  it('confirms a registration while seats are free', () => {
    expect(given(opened(2)).when(register('anna'))).toEqual([
      expect.objectContaining({
        type: 'RegistrationConfirmed',
        data: expect.objectContaining({ registrationId: 'reg-anna', via: 'direct' }),
      }),
    ]);
  });

  it('puts the registration after a full offering on the waiting list at position 1', () => {
    const events = history(2, register('anna'), register('ben'), register('cem'));
    expect(events.at(-1)).toMatchObject({ type: 'RegistrationWaitlisted', data: { registrationId: 'reg-cem' } });
    expect(waitlistPosition(fold(events), 'reg-cem')).toBe(1);
  });

  it('refuses a registration for an offering it does not know', () => {
    expect(given().when(register('anna'))).toMatchObject({ rejected: true, code: 'offering-not-open' });
  });

  it('refuses a registration after the registration deadline', () => {
    expect(given(opened(2)).when(register('anna', new Date('2027-02-02T23:30:00Z')))).toMatchObject({
      code: 'registration-closed',
    });
  });

  it('accepts a registration on the deadline day itself (Berlin time)', () => {
    expect(given(opened(2)).when(register('anna', new Date('2027-02-02T22:30:00Z')))).toMatchObject([{ type: 'RegistrationConfirmed' }]);
  });

  it('refuses the same person twice, naming the existing registration, whatever the e-mail case', () => {
    const again: OfferingCommand = {
      type: 'Register',
      booking: { ...person('anna2'), participant: { firstName: 'Anna', lastName: 'M', email: 'ANNA@example.org' } },
      now,
    };
    expect(given(...history(2, register('anna'))).when(again)).toMatchObject({
      code: 'already-registered',
      registrationId: 'reg-anna',
    });
  });

  it('promotes the head of the waiting list when a confirmed participant cancels', () => {
    const events = history(1, register('anna'), register('ben'), register('cem'));
    expect(given(...events).when(cancel('anna'))).toEqual([
      expect.objectContaining({ type: 'RegistrationCancelled', data: expect.objectContaining({ previousStatus: 'confirmed' }) }),
      expect.objectContaining({
        type: 'RegistrationConfirmed',
        data: expect.objectContaining({ registrationId: 'reg-ben', via: 'waitlist' }),
      }),
    ]);
  });

  it('cancels a waitlisted registration without promoting anyone', () => {
    const events = history(1, register('anna'), register('ben'), register('cem'));
    const result = given(...events).when(cancel('ben'));
    expect(result).toEqual([
      expect.objectContaining({ type: 'RegistrationCancelled', data: expect.objectContaining({ previousStatus: 'waitlisted' }) }),
    ]);
    expect(waitlistPosition(fold([...events, ...(result as OfferingEvent[])]), 'reg-cem')).toBe(1);
  });

  it('refuses to cancel twice', () => {
    expect(given(...history(1, register('anna'), cancel('anna'))).when(cancel('anna'))).toMatchObject({ code: 'already-cancelled' });
  });

  it('opens an offering once, however often the catalogue event arrives', () => {
    expect(given(opened(5)).when({ type: 'OpenOffering', terms: terms(5), now })).toEqual([]);
  });
});
