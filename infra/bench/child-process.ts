/**
 * A benchmark helper in a Node process of its own (through tsx, like the benchmark), so that what it does - driving
 * the load, receiving and parsing mail - neither competes with the benchmark's own event loop nor hides in its CPU
 * time. It talks to the benchmark over the IPC channel and ends when the benchmark is gone.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface HelperProcess {
  child: ChildProcess;
  pid: number;
  send(message: unknown): void;
  on(listener: (message: unknown) => void): () => void;
  stop(): Promise<void>;
}

export function startHelperProcess(script: string): HelperProcess {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const listeners = new Set<(message: unknown) => void>();
  child.on('message', (message) => {
    for (const listener of listeners) listener(message);
  });
  return {
    child,
    pid: child.pid ?? 0,
    send: (message) => child.send(message as never),
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** In the helper: ends the process when the benchmark's IPC channel closes (the benchmark ended or died). */
export function exitWithParent(): void {
  process.on('disconnect', () => process.exit(0));
}
