import { isRejection, type Rejection } from './rejection.ts';

/** A domain event as the domain declares it: a type and its data. Metadata is added by the event store. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * An aggregate's rules as pure functions (https://thinkbeforecoding.com/post/2021/12/17/functional-event-sourcing-decider):
 * `decide` answers a command on the current state with events or a rejection, `evolve` folds one event
 * into the state. Time, ids and randomness come in with the command.
 */
export interface Decider<Command, Event extends DomainEvent, State, R extends Rejection = Rejection> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): readonly Event[] | R;
}

export type Decision<Event, R extends Rejection = Rejection> = readonly Event[] | R;

export const fold = <Event extends DomainEvent, State>(
  decider: Pick<Decider<never, Event, State, never>, 'evolve'>,
  events: readonly Event[],
  from: State,
): State => events.reduce(decider.evolve, from);

/**
 * Decides commands one after another, each on the state the previous ones left: a batch of queued
 * requests, or a group booking. A rejection leaves the state as it was for the next command.
 */
export function decideMany<Command, Event extends DomainEvent, State, R extends Rejection>(
  decider: Decider<Command, Event, State, R>,
  commands: readonly Command[],
  state: State,
): { decisions: Decision<Event, R>[]; events: Event[]; state: State } {
  const decisions: Decision<Event, R>[] = [];
  const events: Event[] = [];
  let current = state;
  for (const command of commands) {
    const decision = decider.decide(command, current);
    decisions.push(decision);
    if (isRejection(decision)) continue;
    events.push(...decision);
    current = fold(decider, decision, current);
  }
  return { decisions, events, state: current };
}

/** The compile-time check that a switch handled every case. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
