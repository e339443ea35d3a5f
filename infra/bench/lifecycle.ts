/**
 * Everything the benchmark starts registers how to undo it here; the undo steps run in reverse order
 * at the end, on an error, and on Ctrl-C / SIGTERM.
 */
type Cleanup = { what: string; run: () => Promise<void> };

const cleanups: Cleanup[] = [];
let stopping: Promise<void> | null = null;

export function onCleanup(what: string, run: () => Promise<void>): void {
  cleanups.push({ what, run });
}

export function cleanUp(log: (message: string) => void): Promise<void> {
  stopping ??= (async () => {
    for (const { what, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        log(`cleanup "${what}" failed: ${(error as Error).message}`);
      }
    }
    cleanups.length = 0;
  })();
  return stopping;
}

/** How long cleaning up may take after a signal before the process exits anyway. */
const FORCED_EXIT_MS = 90_000;

/**
 * Runs main; exits with its code after cleaning up. Repeated signals do not cut the cleanup short:
 * under `npm run` a Ctrl-C arrives twice (from the terminal and relayed by npm). It is bounded instead.
 */
export function runMain(main: () => Promise<number>, log: (message: string) => void): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      log(`${signal}: still cleaning up (exiting anyway within ${FORCED_EXIT_MS / 1000} s of the first signal)`);
      return;
    }
    signalled = true;
    log(`${signal}: stopping everything the benchmark started ...`);
    setTimeout(() => {
      log('cleanup took too long; exiting');
      process.exit(130);
    }, FORCED_EXIT_MS).unref();
    void cleanUp(log).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main()
    .then(
      async (code) => {
        if (signalled) return;
        await cleanUp(log);
        process.exit(code);
      },
      async (error: unknown) => {
        if (signalled) return; // stopped from outside: the signal handler cleans up and exits
        log(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        await cleanUp(log);
        process.exit(2);
      },
    )
    .catch(() => process.exit(2));
}
