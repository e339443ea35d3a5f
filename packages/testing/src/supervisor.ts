import type { ChildProcess } from 'node:child_process';

export interface Backoff {
  /** Wait before the first restart; doubled for each further one (0.5 s). */
  initialMs: number;
  /** The longest wait (30 s). */
  maxMs: number;
  /** A process that ran this long before it exited starts the backoff over (a minute). */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

export interface SupervisorOptions {
  name: string;
  /**
   * Starts the process. Give it an `'ipc'` stdio entry: the child then sees its supervisor go, even by kill -9
   * (runtime's `whenParentGone`), and stops itself.
   */
  spawn: () => ChildProcess;
  /** One line per restart, e.g. `registration exited (signal SIGKILL); restarting in 1 s (restart 3)`. */
  log: (line: string) => void;
  backoff?: Backoff;
  /** After SIGTERM, how long before SIGKILL (the services exit on their own within SHUTDOWN_TIMEOUT_MS, 10 s). */
  stopTimeoutMs?: number;
}

export interface Supervised {
  readonly name: string;
  /** The process running now (the latest one). */
  readonly child: ChildProcess;
  /** How many times it was restarted after exiting. */
  readonly restarts: number;
  /** From now on an exit restarts it (before: an exit stays an exit, e.g. a failed start-up the caller reports). */
  keepAlive(): void;
  /** SIGTERM, SIGKILL after `stopTimeoutMs`; resolves when it has exited. No more restarts until `start()`. */
  stop(): Promise<void>;
  /** Starts it again after `stop()` (or after it exited and was not restarted), supervised as before. */
  start(): void;
}

/**
 * Keeps one process running: when it exits (crash, kill -9, a bad deploy), it is started again after a backoff,
 * and each restart is logged in one line. `stop()` ends it for good.
 */
export function supervise(options: SupervisorOptions): Supervised {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  let child: ChildProcess;
  let startedAt = 0;
  let restarts = 0;
  let delayMs = backoff.initialMs;
  let restartOnExit = false;
  let stopped = false;
  let pendingRestart: NodeJS.Timeout | undefined;

  const run = () => {
    startedAt = Date.now();
    const current = options.spawn();
    child = current;
    current.once('exit', (code, signal) => {
      if (stopped || !restartOnExit || current !== child) return;
      if (Date.now() - startedAt >= backoff.resetAfterMs) delayMs = backoff.initialMs;
      restarts++;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      options.log(`${options.name} exited (${how}); restarting in ${delayMs / 1000} s (restart ${restarts})`);
      pendingRestart = setTimeout(() => {
        pendingRestart = undefined;
        if (!stopped) run();
      }, delayMs);
      delayMs = Math.min(delayMs * 2, backoff.maxMs);
    });
  };
  run();

  return {
    name: options.name,
    get child() {
      return child;
    },
    get restarts() {
      return restarts;
    },
    keepAlive() {
      restartOnExit = true;
    },
    async stop() {
      stopped = true;
      clearTimeout(pendingRestart);
      pendingRestart = undefined;
      await terminate(child, stopTimeoutMs);
    },
    start() {
      if (!exited(child) || pendingRestart) return;
      stopped = false;
      delayMs = backoff.initialMs;
      run();
    },
  };
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL if it is still there after `timeoutMs`; resolves when it has exited. */
export function terminate(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
