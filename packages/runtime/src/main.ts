import type { Logger } from '@seminarwerk/logging';

export interface RunningService {
  url: string;
  /** How long `stop()` may take before the process exits anyway (SHUTDOWN_TIMEOUT_MS; default 10 s). */
  shutdownTimeoutMs?: number;
  /** Rejects when the service cannot go on after starting (its consumer could not join its group): the process ends. */
  failed?: Promise<never>;
  stop(): Promise<void>;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Starts a service from its entry point and stops it gracefully on SIGINT/SIGTERM, or when the process that started
 * it is gone (see `whenParentGone`); a stop that takes longer than the service's shutdown timeout ends the process
 * anyway, with a log line.
 */
export function runUntilSignalled(start: () => Promise<RunningService>, logger: Logger): void {
  start().then(
    (service) => {
      logger.info({ url: service.url }, 'service started');
      let stopping = false;
      const stop = (reason: string) => {
        if (stopping) return;
        stopping = true;
        const timeoutMs = service.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
        logger.info({ reason, timeoutMs }, 'stopping');
        setTimeout(() => {
          logger.error({ timeoutMs }, 'not stopped within the shutdown timeout; exiting anyway');
          process.exit(1);
        }, timeoutMs).unref();
        service.stop().then(
          () => {
            logger.info('stopped');
            process.exit(0);
          },
          (error: Error) => {
            logger.error({ err: error.message }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      whenParentGone(() => stop('parent process gone'));
      // Exit 1 rather than run on without consuming: a supervisor (npm start, docker compose) starts it again.
      service.failed?.catch((error: Error) => {
        if (stopping) return;
        logger.fatal({ err: error.message }, 'service failed after starting');
        process.exit(1);
      });
    },
    (error: Error) => {
      logger.fatal({ err: error.message }, 'service failed to start');
      process.exit(1);
    },
  );
}

/**
 * A service started by a supervisor with an IPC channel (`npm start`, the test harness) stops when that channel
 * closes: the supervisor is gone, even by `kill -9`, which no signal handler of its own could have reported.
 * Started any other way (a container, a terminal), there is no channel and nothing to watch.
 */
export function whenParentGone(onGone: () => void): void {
  if (!process.channel) return;
  process.channel.unref(); // the channel alone must not keep the process alive
  process.once('disconnect', onGone);
}

/** True when this module is the process entry point (`tsx src/main.ts`), false when imported by tests. */
export const isEntryPoint = (moduleUrl: string) => process.argv[1] !== undefined && moduleUrl === new URL(`file://${process.argv[1]}`).href;
