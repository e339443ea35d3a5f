import type { Logger } from '@seminarwerk/logging';
import type { EventFeed } from './event-feed.ts';

const DAY_MS = 86_400_000;

/**
 * Forgets feed events (and their webhook deliveries) older than the retention, at start and then every
 * `intervalMs`. Every instance may run it: deleting what another already deleted changes nothing.
 */
export function startFeedRetention(feed: EventFeed, retentionDays: number, logger: Logger, intervalMs = 3_600_000) {
  const purge = async () => {
    try {
      const removed = await feed.purge(new Date(Date.now() - retentionDays * DAY_MS));
      if (removed > 0) logger.info({ removed, retentionDays }, 'old feed events removed');
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'feed purge failed; trying again later');
    }
  };
  const first = purge();
  const timer = setInterval(() => void purge(), intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await first;
    },
  };
}
