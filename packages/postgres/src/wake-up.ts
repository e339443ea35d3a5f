import type { Logger } from '@seminarwerk/logging';
import pg from 'pg';

export interface Doorbell {
  ring(): void;
  /** Sleeps up to `ms`; returns at once if rung since the last wait, so a ring during work is never lost. */
  wait(ms: number): Promise<void>;
}

export function doorbell(): Doorbell {
  let rung = false;
  let wakeSleeper: (() => void) | undefined;
  return {
    ring() {
      rung = true;
      wakeSleeper?.();
    },
    wait(ms) {
      if (rung) {
        rung = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakeSleeper = undefined;
          rung = false;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wakeSleeper = done;
      });
    },
  };
}

export interface Listener {
  stop(): Promise<void>;
}

/**
 * A dedicated connection LISTENing on `channel`; reconnects when it drops and rings once after
 * (re)connecting, because rows may have arrived while nobody listened.
 */
export async function listen(databaseUrl: string, channel: string, logger: Logger, onNotify: () => void): Promise<Listener> {
  let client: pg.Client | undefined;
  let stopped = false;
  const retry = () => {
    if (!stopped) setTimeout(() => void connect(), 1000);
  };
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', onNotify);
    next.on('error', (error) => {
      logger.warn({ err: error.message, channel }, 'listener lost its connection; reconnecting');
      void next.end().catch(() => {});
      retry();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${channel}`);
      if (stopped) {
        await next.end();
        return;
      }
      client = next;
      onNotify();
    } catch (error) {
      logger.warn({ err: (error as Error).message, channel }, 'listener cannot connect; retrying');
      await next.end().catch(() => {});
      retry();
    }
  };
  await connect();
  return {
    async stop() {
      stopped = true;
      await client?.end().catch(() => {});
    },
  };
}
