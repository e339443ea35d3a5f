import type { DomainEvent, Rejection } from '@seminarwerk/decider';
import type { Attributed, CommandHandler, CommandMetadata, SingleOutcome } from './command-handler.ts';

interface Job<Command, Outcome> {
  command: Attributed<Command>;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The batching form of a command handler, for streams that see rushes: commands for one stream are
 * queued in this process and, when they pile up, up to `maxBatch` of them are decided in one
 * transaction (each on the state the ones before it left). Nobody fails because others arrived at the
 * same time; across processes the handler's stream lock still serialises. Streams run in parallel.
 */
export function streamQueue<Tx, Command, Event extends DomainEvent, State, R extends Rejection>(
  handler: CommandHandler<Tx, Command, Event, State, R>,
  options: { maxBatch?: number } = {},
) {
  type Outcome = SingleOutcome<Event, State, R>;
  const maxBatch = options.maxBatch ?? 100;
  const waiting = new Map<string, Job<Command, Outcome>[]>();

  async function drain(streamId: string, jobs: Job<Command, Outcome>[]) {
    while (jobs.length > 0) {
      const batch = jobs.splice(0, maxBatch);
      try {
        const { results, state, version } = await handler.handleMany(
          streamId,
          batch.map((job) => job.command),
        );
        for (const [i, job] of batch.entries()) job.resolve({ ...results[i]!, state, version });
      } catch (error) {
        for (const job of batch) job.reject(error);
      }
    }
    waiting.delete(streamId);
  }

  return {
    submit(streamId: string, command: Command, metadata: CommandMetadata): Promise<Outcome> {
      return new Promise<Outcome>((resolve, reject) => {
        const job = { command: { command, metadata }, resolve, reject };
        const jobs = waiting.get(streamId);
        if (jobs) {
          jobs.push(job);
          return;
        }
        const fresh = [job];
        waiting.set(streamId, fresh);
        void drain(streamId, fresh);
      });
    },
  };
}
export type StreamQueue<Tx, Command, Event extends DomainEvent, State, R extends Rejection> = ReturnType<
  typeof streamQueue<Tx, Command, Event, State, R>
>;
