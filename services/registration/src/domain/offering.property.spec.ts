import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { berlinDate, decide, type OfferingCommand, type OfferingRejection } from './decide.ts';
import type { OfferingEvent } from './events.ts';
import { activePlaceOf, evolve, fold, initialOffering, type KnownOffering, type Offering, waitlistPosition } from './offering.ts';
import type { OfferingTerms } from './terms.ts';

/**
 * Random sequences of every command against the decider, checking the offering's invariants after each step.
 * Few e-mails (in either case) so people collide; registration ids are picked from the ones the stream knows,
 * plus one it does not, so cancellations, substitutions and attendance hit real and unknown registrations alike.
 */

const PEOPLE = 6;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNKNOWN_ID = 'reg-unknown';

type Action =
  | { kind: 'open' }
  | { kind: 'register'; who: number; shout: boolean; reuse: number | null }
  | { kind: 'cancel'; pick: number }
  | { kind: 'substitute'; pick: number; who: number; shout: boolean }
  | { kind: 'capacity'; capacity: number }
  | { kind: 'attendance'; pick: number; attended: boolean }
  | { kind: 'reschedule'; shiftDays: number; newDeadline: boolean }
  | { kind: 'cancelOffering' };
interface Step {
  action: Action;
  hoursLater: number;
}

const pick = fc.nat({ max: 1_000 });
const who = fc.nat({ max: PEOPLE - 1 });
/** Mostly null: a registration id already on the stream is reused one time in ten. */
const rarely = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 9, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 80, arbitrary: fc.record({ kind: fc.constant('register' as const), who, shout: fc.boolean(), reuse: rarely(pick) }) },
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }) },
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('substitute' as const), pick, who, shout: fc.boolean() }) },
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('capacity' as const), capacity: fc.integer({ min: 0, max: 8 }) }) },
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('attendance' as const), pick, attended: fc.boolean() }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('reschedule' as const),
      shiftDays: fc.integer({ min: -10, max: 20 }),
      newDeadline: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancelOffering' as const }) },
);
const step: fc.Arbitrary<Step> = fc.record({ action, hoursLater: fc.nat({ max: 30 }) });

const scenario = fc.record({
  beforeOpening: fc.array(step, { maxLength: 3 }),
  afterOpening: fc.array(step, { maxLength: 57, size: 'max' }),
  capacity: fc.integer({ min: 1, max: 5 }),
  freeUntilDaysBefore: fc.integer({ min: 0, max: 20 }),
  substituteAllowed: fc.boolean(),
});

const START = Date.parse('2027-02-16T08:00:00Z');
const terms = (capacity: number, freeUntilDaysBefore: number, substituteAllowed: boolean): OfferingTerms => ({
  offeringId: '00000000-0000-4000-8000-000000000001',
  snapshot: {
    seminarId: '00000000-0000-4000-8000-000000000002',
    title: 'Wahlvorstandsschulung',
    startsAt: new Date(START).toISOString(),
    endsAt: new Date(START + 7 * HOUR).toISOString(),
    venue: 'Oldenburg',
  },
  capacity,
  registrationDeadline: berlinDate(new Date(START - 7 * DAY)),
  fee: { amountCents: 34000, currency: 'EUR' },
  vat: 'exempt-4-22a',
  cancellationTerms: { freeUntilDaysBefore, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed },
});

const email = (person: number, shout: boolean) => (shout ? `P${person}@Example.ORG` : `p${person}@example.org`);
const participant = (person: number, shout: boolean) => ({ firstName: `P${person}`, lastName: 'Muster', email: email(person, shout) });

function toCommand({ action }: Step, state: Offering, number: number, now: Date, open: OfferingTerms): OfferingCommand {
  const ids = state.status === 'unknown' ? [] : [...state.registrations.keys()];
  const idAt = (n: number) => ids[n % (ids.length + 1)] ?? UNKNOWN_ID;
  switch (action.kind) {
    case 'open':
      return { type: 'OpenOffering', terms: open, now };
    case 'register': {
      const registrationId = action.reuse === null ? `reg-${number}` : idAt(action.reuse);
      const booking = {
        registrationId: registrationId === UNKNOWN_ID ? `reg-${number}` : registrationId,
        participant: participant(action.who, action.shout),
        bookedBy: { kind: 'municipality' as const, municipalityId: 'oldenburg' },
        municipalityId: 'oldenburg',
      };
      return { type: 'Register', booking, now };
    }
    case 'cancel':
      return { type: 'Cancel', registrationId: idAt(action.pick), by: { kind: 'municipality', municipalityId: 'oldenburg' }, now };
    case 'substitute':
      return { type: 'Substitute', registrationId: idAt(action.pick), participant: participant(action.who, action.shout), now };
    case 'capacity':
      return { type: 'ChangeCapacity', capacity: action.capacity, now };
    case 'attendance':
      return { type: 'RecordAttendance', registrationId: idAt(action.pick), attended: action.attended, now };
    case 'reschedule': {
      const current = state.status === 'unknown' ? open : state.terms;
      const startsAt = Date.parse(current.snapshot.startsAt) + action.shiftDays * DAY;
      return {
        type: 'RescheduleOffering',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 7 * HOUR).toISOString(),
        venue: action.shiftDays % 2 === 0 ? 'Oldenburg' : 'Hannover',
        ...(action.newDeadline ? { registrationDeadline: berlinDate(new Date(startsAt - 3 * DAY)) } : {}),
        now,
      };
    }
    case 'cancelOffering':
      return { type: 'CancelOffering', by: { kind: 'back-office', actor: 'jana.k' }, now };
  }
}

/** What the test remembers independently of the decider. */
interface Model {
  /** Waitlisted registration ids in the order of their RegistrationWaitlisted events. */
  arrival: string[];
  /** Set once the capacity was lowered below the confirmed count: only then may confirmed exceed capacity. */
  loweredBelowConfirmed: boolean;
}

const fingerprint = (state: Offering) => JSON.stringify(state, (_, v: unknown) => (v instanceof Map ? [...v] : v));
const startDate = (state: KnownOffering) => berlinDate(new Date(state.terms.snapshot.startsAt));

/** A rejection must have a reason the test can see for itself. */
function checkJustified(rejection: OfferingRejection, command: OfferingCommand, state: Offering) {
  const seat = state.status === 'unknown' || !('registrationId' in command) ? undefined : state.registrations.get(command.registrationId);
  const why = `${command.type} rejected with ${rejection.code}`;
  switch (rejection.code) {
    case 'offering-not-open':
      return assert.equal(state.status, 'unknown', why);
    case 'offering-cancelled':
      return assert.equal(state.status, 'cancelled', why);
    case 'registration-closed':
      assert.ok(command.type === 'Register' && state.status === 'open', why);
      return assert.ok(berlinDate(command.now) > state.terms.registrationDeadline, why);
    case 'registration-id-taken':
      assert.ok(command.type === 'Register' && state.status !== 'unknown', why);
      return assert.ok(state.registrations.has(command.booking.registrationId), why);
    case 'already-registered': {
      assert.ok((command.type === 'Register' || command.type === 'Substitute') && state.status !== 'unknown', why);
      const person = command.type === 'Register' ? command.booking.participant : command.participant;
      return assert.equal(activePlaceOf(state, person.email)?.registrationId, rejection.registrationId, why);
    }
    case 'registration-not-found':
      return assert.equal(seat, undefined, why);
    case 'already-cancelled':
      return assert.equal(seat?.status, 'cancelled', why);
    case 'not-confirmed':
      return assert.notEqual(seat?.status, 'confirmed', why);
    case 'substitute-not-allowed':
      return assert.ok(state.status !== 'unknown' && !state.terms.cancellationTerms.substituteAllowed, why);
    case 'attendance-too-early':
      return assert.ok(state.status !== 'unknown' && berlinDate(command.now) < startDate(state), why);
  }
}

/** Replays the decision event by event, checking each against the state it applies to. */
function checkEvents(events: readonly OfferingEvent[], command: OfferingCommand, before: Offering, model: Model): Offering {
  let state = before;
  let seatFreed = false;
  let capacityRaised = false;
  for (const event of events) {
    if (event.type === 'OfferingOpened') {
      assert.equal(state.status, 'unknown', 'an offering opens once');
      state = evolve(state, event);
      continue;
    }
    assert.equal(state.status, 'open', `${event.type} on an offering that is not open`);
    if (state.status !== 'open') break;
    switch (event.type) {
      case 'RegistrationConfirmed': {
        const id = event.data.registrationId;
        assert.ok(state.confirmed < state.terms.capacity, 'no new confirmation while full or over capacity');
        if (event.data.via === 'waitlist') {
          assert.ok(seatFreed || capacityRaised, 'a promotion needs a freed seat or a raised capacity in the same decision');
          assert.equal(state.waitlist[0], id, 'a promotion goes to the head of the waiting list');
        } else {
          assert.equal(command.type, 'Register');
          assert.equal(state.waitlist.length, 0, 'nobody jumps the waiting list');
        }
        model.arrival = model.arrival.filter((w) => w !== id);
        break;
      }
      case 'RegistrationWaitlisted':
        assert.equal(command.type, 'Register');
        assert.equal(event.data.position, state.waitlist.length + 1, 'waitlisted at the end');
        model.arrival.push(event.data.registrationId);
        break;
      case 'RegistrationCancelled': {
        const { registrationId, previousStatus, reason, classification } = event.data;
        assert.equal(state.registrations.get(registrationId)?.status, previousStatus);
        if (previousStatus === 'confirmed') seatFreed = true;
        if (previousStatus === 'waitlisted' || reason === 'institute') assert.deepEqual(classification, { kind: 'free', feePercent: 0 });
        assert.equal(reason, command.type === 'CancelOffering' ? 'institute' : 'participant');
        model.arrival = model.arrival.filter((w) => w !== registrationId);
        break;
      }
      case 'CapacityChanged':
        if (event.data.capacity > state.terms.capacity) capacityRaised = true;
        if (event.data.capacity < state.confirmed) model.loweredBelowConfirmed = true;
        break;
      case 'RegistrationSubstituted':
        assert.ok(state.terms.cancellationTerms.substituteAllowed);
        assert.equal(state.registrations.get(event.data.registrationId)?.status, 'confirmed');
        break;
      case 'AttendanceRecorded':
        assert.equal(state.registrations.get(event.data.registrationId)?.status, 'confirmed');
        assert.ok(berlinDate(command.now) >= startDate(state), 'attendance from the start date on');
        break;
      case 'OfferingRescheduled':
      case 'OfferingCancelled':
        break;
    }
    state = evolve(state, event);
  }
  return state;
}

function checkState(state: Offering, before: Offering, model: Model) {
  if (state.status === 'unknown') return;
  const seats = [...state.registrations.values()];
  const confirmed = seats.filter((s) => s.status === 'confirmed');
  assert.equal(state.confirmed, confirmed.length, 'confirmed count matches the seats');
  if (state.confirmed > state.terms.capacity) {
    assert.ok(model.loweredBelowConfirmed, 'over capacity only after the capacity was lowered below the confirmed count');
    assert.ok(before.status !== 'unknown' && state.confirmed <= before.confirmed, 'no new confirmation while over capacity');
  }
  if (state.status === 'open' && state.confirmed < state.terms.capacity) {
    assert.equal(state.waitlist.length, 0, 'nobody waits while a seat is free');
  }
  assert.deepEqual(state.waitlist, model.arrival, 'the waiting list is in arrival order');
  state.waitlist.forEach((id, i) => {
    assert.equal(waitlistPosition(state, id), i + 1, 'positions 1..n without gaps');
    assert.equal(state.registrations.get(id)?.status, 'waitlisted', 'no registration both confirmed and waitlisted');
  });
  assert.equal(seats.filter((s) => s.status === 'waitlisted').length, state.waitlist.length, 'every waitlisted seat is on the list');
  const active = seats
    .filter((s) => s.status !== 'cancelled')
    .map((s) => ('email' in s.participant ? s.participant.email.toLowerCase() : s.registrationId));
  assert.equal(new Set(active).size, active.length, 'nobody holds two places');
  if (state.status === 'cancelled') assert.equal(active.length, 0, 'a cancelled offering has no active registrations');
}

describe('the offering stream under random commands', () => {
  it('keeps its invariants after every step', () => {
    fc.assert(
      fc.property(scenario, ({ beforeOpening, afterOpening, capacity, freeUntilDaysBefore, substituteAllowed }) => {
        const open = terms(capacity, freeUntilDaysBefore, substituteAllowed);
        const steps: Step[] = [...beforeOpening, { action: { kind: 'open' }, hoursLater: 0 }, ...afterOpening];
        const model: Model = { arrival: [], loweredBelowConfirmed: false };
        const history: OfferingEvent[] = [];
        let now = START - 22 * DAY; // three weeks before the start: steps cross the deadline and the start
        let state = initialOffering();
        steps.forEach((s, number) => {
          now += s.hoursLater * HOUR;
          const command = toCommand(s, state, number, new Date(now), open);
          const print = fingerprint(state);
          const decision = decide(command, state);
          assert.equal(fingerprint(state), print, 'decide does not touch the state');
          if ('rejected' in decision) {
            checkJustified(decision, command, state);
            return;
          }
          if (command.type === 'OpenOffering' && state.status !== 'unknown') assert.deepEqual(decision, []);
          const after = checkEvents(decision, command, state, model);
          checkState(after, state, model);
          history.push(...decision);
          state = after;
        });
        assert.deepEqual(fold(history), state, 'replaying the stream gives the same state');
      }),
      { numRuns: 1_000 },
    );
  });
});
