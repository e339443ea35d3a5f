import type { EventMessage } from '@seminarwerk/contracts';
import { type Decider, type Decision, type DomainEvent, decideMany, fold, isRejection, type Rejection } from '@seminarwerk/decider';
import { currentTrace } from '@seminarwerk/logging';
import {
  appendToStream,
  type EventMetadata,
  lockStream,
  type NewEvent,
  readStream,
  type StoredEvent,
  streamVersion,
} from './event-store.ts';
import { enqueue } from './outbox.ts';
import { retryOnConflict } from './retry.ts';
import type { Sql } from './sql.ts';

/** Who gave a command, and the trace it belongs to; recorded as the metadata of every event it causes. */
export interface CommandMetadata {
  actor: string;
  /** Default: the current trace's (HTTP request or consumed event). */
  correlationId?: string;
  causationId?: string;
  /**
   * The caller's Idempotency-Key (scoped to its API key) and the hash of its request: recorded with the events, so a
   * service's projection can remember in the same transaction what it decided under the key.
   */
  idempotency?: { key: string; requestHash: string };
}

export interface Attributed<Command> {
  command: Command;
  metadata: CommandMetadata;
}

/** A domain event as the event store recorded it: the event, its id, stream position, metadata and time. */
export type Recorded<Event extends DomainEvent> = Event & Omit<StoredEvent, 'type' | 'data'>;

/** One command's answer: its decision and the events it recorded (none when rejected or in a dry run). */
export interface CommandResult<Event extends DomainEvent, R extends Rejection> {
  decision: Decision<Event, R>;
  recorded: Recorded<Event>[];
}

/** The stream after a transaction: one result per command, in order, and the state and version they left. */
export interface StreamOutcome<Event extends DomainEvent, State, R extends Rejection> {
  results: CommandResult<Event, R>[];
  state: State;
  version: number;
}

export type SingleOutcome<Event extends DomainEvent, State, R extends Rejection> = CommandResult<Event, R> & {
  state: State;
  version: number;
};

/**
 * How events are stored when they differ from how they are decided, e.g. personal fields sealed when appended and
 * opened when read (registration's crypto-shredding, decisions.md 120). Both run in the command's transaction.
 */
export interface EventCodec {
  seal(sql: Sql, events: readonly NewEvent[]): Promise<NewEvent[]>;
  open(sql: Sql, events: readonly StoredEvent[]): Promise<StoredEvent[]>;
}

export interface CommandHandlerSpec<Tx, Command, Event extends DomainEvent, State, R extends Rejection> {
  decider: Decider<Command, Event, State, R>;
  /** Runs `work` in a new transaction: the handler owns it when it is not given one. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  sql(tx: Tx): Sql;
  /** Keeps the read models in step with what was recorded, in the same transaction. */
  project?(tx: Tx, recorded: readonly Recorded<Event>[], state: State): Promise<void>;
  /** The public messages for what was recorded; the outbox publishes them once the transaction commits. */
  toMessages?(recorded: readonly Recorded<Event>[], state: State): readonly EventMessage[];
  /**
   * `lock`: writers of one stream wait for each other on an advisory lock (streams that see rushes: they
   * queue instead of failing on conflicts). `optimistic` (default): no lock; a writer that lost the race
   * to append at the version it read gets a conflict, and the command is decided again on fresh state.
   */
  concurrency?: 'lock' | 'optimistic';
  /** Keep each stream's folded state between transactions (checked against the stream's version before use). */
  cacheStates?: boolean;
  /** How often a command is decided again after a version conflict, deadlock or serialization failure. */
  attempts?: number;
  /** Stored form of the events (default: as decided). Projections and messages always see them as decided. */
  codec?: EventCodec;
}

/**
 * The one write path of every event-sourced aggregate (emmett's CommandHandler, Wild Workouts'
 * `update(id, fn)`): in one transaction, lock the stream if asked, load and fold it, decide, append at
 * the version it was read at, project into the read models, and put the public messages in the outbox.
 * A rejected command writes nothing.
 */
export function commandHandler<Tx, Command, Event extends DomainEvent, State, R extends Rejection>(
  spec: CommandHandlerSpec<Tx, Command, Event, State, R>,
) {
  const { decider } = spec;
  const cache = spec.cacheStates ? new Map<string, { version: number; state: State }>() : undefined;

  async function load(sql: Sql, streamId: string): Promise<{ version: number; state: State }> {
    const cached = cache?.get(streamId);
    const from = cached ? cached : { version: 0, state: decider.initialState() };
    if (cached && (await streamVersion(sql, streamId)) === cached.version) return cached;
    const stored = await readStream(sql, streamId, from.version);
    const events = spec.codec ? await spec.codec.open(sql, stored) : stored;
    const state = fold(
      decider,
      events.map((e) => ({ type: e.type, data: e.data }) as Event),
      from.state,
    );
    return { version: events.at(-1)?.version ?? from.version, state };
  }

  /**
   * Decides `commands` one after another on the stream, in the caller's transaction (e.g. a consumer's
   * inbox transaction, which retries as a whole). A dry run decides and writes nothing.
   */
  async function decideIn(
    tx: Tx,
    streamId: string,
    commands: readonly Attributed<Command>[],
    options: { dryRun?: boolean } = {},
  ): Promise<StreamOutcome<Event, State, R>> {
    const sql = spec.sql(tx);
    if (spec.concurrency === 'lock') await lockStream(sql, streamId);
    const before = await load(sql, streamId);
    const { decisions, state } = decideMany(
      decider,
      commands.map((c) => c.command),
      before.state,
    );
    const toAppend = decisions.flatMap((decision, i) => {
      if (isRejection(decision)) return [];
      const metadata = eventMetadata((commands[i] as Attributed<Command>).metadata);
      return decision.map((event) => ({ type: event.type, data: event.data, metadata }));
    });
    if (options.dryRun || toAppend.length === 0) {
      return { results: decisions.map((decision) => ({ decision, recorded: [] })), state, version: before.version };
    }
    const stored = await appendToStream(sql, streamId, before.version, spec.codec ? await spec.codec.seal(sql, toAppend) : toAppend);
    const recorded = stored.map((event, i) => ({ ...event, data: toAppend[i]?.data })) as Recorded<Event>[];
    await spec.project?.(tx, recorded, state);
    const messages = spec.toMessages?.(recorded, state) ?? [];
    await enqueue(sql, messages);
    let next = 0;
    const results = decisions.map((decision) => {
      const count = isRejection(decision) ? 0 : decision.length;
      next += count;
      return { decision, recorded: recorded.slice(next - count, next) };
    });
    return { results, state, version: recorded.at(-1)?.version ?? before.version };
  }

  /** Several commands in one transaction of the handler's own, retried as a whole on a conflict. */
  async function handleMany(streamId: string, commands: readonly Attributed<Command>[]): Promise<StreamOutcome<Event, State, R>> {
    try {
      const outcome = await retryOnConflict(() => spec.transaction((tx) => decideIn(tx, streamId, commands)), spec.attempts);
      cache?.set(streamId, { version: outcome.version, state: outcome.state });
      return outcome;
    } catch (error) {
      cache?.delete(streamId);
      throw error;
    }
  }

  return {
    decideIn,
    handleMany,
    /** One command in a transaction of the handler's own. */
    async handle(streamId: string, command: Command, metadata: CommandMetadata): Promise<SingleOutcome<Event, State, R>> {
      const { results, state, version } = await handleMany(streamId, [{ command, metadata }]);
      return { ...(results[0] as CommandResult<Event, R>), state, version };
    },
  };
}
export type CommandHandler<Tx, Command, Event extends DomainEvent, State, R extends Rejection> = ReturnType<
  typeof commandHandler<Tx, Command, Event, State, R>
>;

function eventMetadata(metadata: CommandMetadata): EventMetadata {
  const trace = currentTrace();
  const correlationId = metadata.correlationId ?? trace.correlationId;
  const causationId = metadata.causationId ?? trace.causationId;
  const { idempotency } = metadata;
  return {
    actor: metadata.actor,
    ...(correlationId ? { correlationId } : {}),
    ...(causationId ? { causationId } : {}),
    ...(idempotency ? { idempotency } : {}),
  };
}
