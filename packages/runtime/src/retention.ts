import type { Logger } from '@seminarwerk/logging';

const DAY_MS = 86_400_000;

/** One category of data kept for a period, and how to remove (or blank) what is older than a cutoff. */
export interface RetentionPolicy {
  /** What the data is, as docs/privacy.md names it, e.g. `published outbox rows`. */
  category: string;
  /** Kept this many days: the cutoff is `now` minus them. */
  days?: number;
  /** Or the cutoff at `now`, for periods not counted in days (months after a date, years after the end of a year). */
  cutoffAt?(now: Date): Date;
  /** Removes what is older than `cutoff`; returns how many rows it purged. */
  purge(cutoff: Date): Promise<number>;
}

export interface RetentionRun {
  category: string;
  cutoff: string;
  purged: number;
}

/** Applies every policy once at `now`; one log line per category that purged something (the log of what went). */
export async function applyRetention(policies: readonly RetentionPolicy[], now: Date, logger: Logger): Promise<RetentionRun[]> {
  const runs: RetentionRun[] = [];
  for (const { category, days, cutoffAt, purge } of policies) {
    const cutoff = cutoffAt ? cutoffAt(now) : new Date(now.getTime() - (days ?? 0) * DAY_MS);
    try {
      const purged = await purge(cutoff);
      runs.push({ category, cutoff: cutoff.toISOString(), purged });
      if (purged > 0) {
        logger.info(
          { category, purged, cutoff: cutoff.toISOString(), ...(days === undefined ? {} : { retentionDays: days }) },
          'retention: purged',
        );
      }
    } catch (error) {
      logger.warn({ category, err: (error as Error).message }, 'retention: purge failed; trying again later');
    }
  }
  return runs;
}

/**
 * Applies the policies at start and then every `intervalMs` (hourly). Every instance may run it: purging what another
 * instance purged changes nothing.
 */
export function startRetention(
  policies: readonly RetentionPolicy[],
  logger: Logger,
  { intervalMs = 3_600_000, clock = () => new Date() }: { intervalMs?: number; clock?: () => Date } = {},
) {
  const first = applyRetention(policies, clock(), logger);
  const timer = setInterval(() => void applyRetention(policies, clock(), logger), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await first;
    },
  };
}

/** The outbox keeps a message after it was published only for a redelivery's sake: days, not forever. */
export const publishedOutboxRows = (
  db: { $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> },
  days: number,
): RetentionPolicy => ({
  category: 'published outbox rows',
  days,
  purge: (cutoff) => db.$executeRawUnsafe('DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $1', cutoff),
});
