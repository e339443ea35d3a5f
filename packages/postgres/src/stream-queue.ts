import type { DomainEvent, Rejection } from '@seminarwerk/decider';
import type { Attributed, CommandHandler, CommandMetadata, SingleOutcome } from './command-handler.ts';

/**
 * A command (or exclusive work) refused before anything was decided for it, because its stream's line was too long
 * or it waited too long for its turn. Nothing was recorded, so the same request may be sent again: after
 * `retryAfterSeconds`, an estimate of when what waits now will have been decided.
 */
export class QueueFull extends Error {
  readonly code = 'queue-full';
  constructor(
    readonly streamId: string,
    readonly reason: 'too-many-waiting' | 'waited-too-long',
    /** 1..30. */
    readonly retryAfterSeconds: number,
  ) {
    super(`${streamId}: ${reason}, retry after ${retryAfterSeconds} s`);
    this.name = 'QueueFull';
  }
}

export interface StreamQueueOptions {
  /** At most this many commands are decided in one transaction. Default 100. */
  maxBatch?: number;
  /**
   * At most this many commands wait per stream, besides the batch being decided: the next is refused at once with
   * `QueueFull`. Work of several commands (a group) that finds nobody waiting is let in even if it is larger.
   * Default: no bound.
   */
  maxQueued?: number;
  /** What waited longer than this before its batch started is refused with `QueueFull`, not decided late. Default: no bound. */
  maxWaitMs?: number;
  /** A monotonic clock in milliseconds (tests); default `performance.now`. */
  now?: () => number;
}

/** How many of the latest batches (of any stream) the retry estimate averages over. */
const MEASURED_BATCHES = 10;
const RETRY_AFTER = { min: 1, max: 30 };

interface Waiting {
  /** The commands it brings: one for `submit`, a group's people for `exclusive`. */
  size: number;
  since: number;
  refuse(error: QueueFull): void;
}
interface Submitted<Command, Outcome> extends Waiting {
  kind: 'command';
  command: Attributed<Command>;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}
interface Exclusive extends Waiting {
  kind: 'exclusive';
  /** Settles the caller's promise itself; never rejects. */
  run(): Promise<void>;
}
type Job<Command, Outcome> = Submitted<Command, Outcome> | Exclusive;
interface Line<Command, Outcome> {
  jobs: Job<Command, Outcome>[];
  /** The sum of the jobs' sizes. */
  waiting: number;
}

/**
 * The batching form of a command handler, for streams that see rushes: commands for one stream are
 * queued in this process and, when they pile up, up to `maxBatch` of them are decided in one
 * transaction (each on the state the ones before it left). Nobody fails because others arrived at the
 * same time; across processes the handler's stream lock still serialises. Streams run in parallel.
 * The line is bounded (`maxQueued`, `maxWaitMs`): under overload a command is refused early with `QueueFull`
 * instead of decided after its caller gave up. A command is refused only before its batch starts, never after.
 */
export function streamQueue<Tx, Command, Event extends DomainEvent, State, R extends Rejection>(
  handler: Pick<CommandHandler<Tx, Command, Event, State, R>, 'handleMany'>,
  options: StreamQueueOptions = {},
) {
  type Outcome = SingleOutcome<Event, State, R>;
  const { maxBatch = 100, maxQueued = Number.POSITIVE_INFINITY, maxWaitMs = Number.POSITIVE_INFINITY } = options;
  const now = options.now ?? (() => performance.now());
  const lines = new Map<string, Line<Command, Outcome>>();
  const pace = recentPace();

  const refusal = (streamId: string, reason: QueueFull['reason'], waiting: number) =>
    new QueueFull(streamId, reason, pace.secondsFor(waiting));

  function enqueue(streamId: string, job: Job<Command, Outcome>) {
    const line = lines.get(streamId);
    if (!line) {
      const fresh = { jobs: [job], waiting: job.size };
      lines.set(streamId, fresh);
      void drain(streamId, fresh);
      return;
    }
    if (line.waiting > 0 && line.waiting + job.size > maxQueued) {
      job.refuse(refusal(streamId, 'too-many-waiting', line.waiting));
      return;
    }
    line.jobs.push(job);
    line.waiting += job.size;
  }

  /** The next batch of commands, or the exclusive work at the head; what waited too long is refused on the way. */
  function next(streamId: string, line: Line<Command, Outcome>): Submitted<Command, Outcome>[] | Exclusive {
    const batch: Submitted<Command, Outcome>[] = [];
    while (batch.length < maxBatch) {
      const job = line.jobs[0];
      if (job === undefined || (job.kind === 'exclusive' && batch.length > 0)) break;
      line.jobs.shift();
      line.waiting -= job.size;
      if (now() - job.since > maxWaitMs) job.refuse(refusal(streamId, 'waited-too-long', line.waiting));
      else if (job.kind === 'exclusive') return job;
      else batch.push(job);
    }
    return batch;
  }

  async function drain(streamId: string, line: Line<Command, Outcome>) {
    while (line.jobs.length > 0) {
      const turn = next(streamId, line);
      const started = now();
      if (!Array.isArray(turn)) {
        await turn.run();
        pace.record(turn.size, now() - started);
        continue;
      }
      if (turn.length === 0) continue;
      try {
        const { results, state, version } = await handler.handleMany(
          streamId,
          turn.map((job) => job.command),
        );
        for (const [i, job] of turn.entries()) job.resolve({ ...results[i]!, state, version });
      } catch (error) {
        for (const job of turn) job.reject(error);
      }
      pace.record(turn.length, now() - started);
    }
    lines.delete(streamId);
  }

  /** Runs `work` in `streamId`'s line, alone, once its turn comes. */
  const inTurn = <T>(streamId: string, size: number, since: number, work: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      enqueue(streamId, { kind: 'exclusive', size, since, refuse: reject, run: () => work().then(resolve, reject) });
    });

  return {
    submit(streamId: string, command: Command, metadata: CommandMetadata): Promise<Outcome> {
      return new Promise<Outcome>((resolve, reject) => {
        enqueue(streamId, { kind: 'command', size: 1, since: now(), command: { command, metadata }, resolve, reject, refuse: reject });
      });
    },

    /**
     * Work on several streams in a transaction of its own (a group booking), waiting in each stream's line like as
     * many commands as `commandsPerStream` says, and running when its turn has come in all of them: no batch of those streams runs alongside it
     * in this process, and it overtakes nobody. Streams are entered in sorted order, so two such works wait for each
     * other instead of deadlocking; a stream's line waits while the work waits for the next one. Refused with
     * `QueueFull` like a command, before `work` starts.
     */
    exclusive<T>(commandsPerStream: ReadonlyMap<string, number>, work: () => Promise<T>): Promise<T> {
      const streams = [...commandsPerStream.keys()].sort();
      const since = now();
      const from = (i: number): Promise<T> => {
        const streamId = streams[i];
        return streamId === undefined ? work() : inTurn(streamId, commandsPerStream.get(streamId) ?? 1, since, () => from(i + 1));
      };
      return from(0);
    },
  };
}
export type StreamQueue<Tx, Command, Event extends DomainEvent, State, R extends Rejection> = ReturnType<
  typeof streamQueue<Tx, Command, Event, State, R>
>;

/** How long recent turns took per command, for the estimate a refusal carries. */
function recentPace() {
  const turns: { commands: number; ms: number }[] = [];
  return {
    record(commands: number, ms: number) {
      if (commands === 0) return;
      turns.push({ commands, ms });
      if (turns.length > MEASURED_BATCHES) turns.shift();
    },
    /** Seconds until `waiting` commands are decided at that pace, rounded up into 1..30 (1 before anything was measured). */
    secondsFor(waiting: number): number {
      const commands = turns.reduce((sum, t) => sum + t.commands, 0);
      const ms = turns.reduce((sum, t) => sum + t.ms, 0);
      const seconds = commands === 0 ? RETRY_AFTER.min : Math.ceil((waiting * ms) / commands / 1000);
      return Math.min(RETRY_AFTER.max, Math.max(RETRY_AFTER.min, seconds));
    },
  };
}
