import type { Logger } from '@seminarwerk/logging';

export interface RunningService {
  url: string;
  stop(): Promise<void>;
}

/** Starts a service from its entry point and stops it cleanly on SIGINT/SIGTERM. */
export function runUntilSignalled(start: () => Promise<RunningService>, logger: Logger): void {
  start().then(
    (service) => {
      logger.info({ url: service.url }, 'service started');
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        service.stop().then(
          () => process.exit(0),
          (error: Error) => {
            logger.error({ err: error.message }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (error: Error) => {
      logger.fatal({ err: error.message }, 'service failed to start');
      process.exit(1);
    },
  );
}

/** True when this module is the process entry point (`tsx src/main.ts`), false when imported by tests. */
export const isEntryPoint = (moduleUrl: string) => process.argv[1] !== undefined && moduleUrl === new URL(`file://${process.argv[1]}`).href;
