/**
 * CPU time per process group from Linux /proc: user + system time of every thread of the processes in a group,
 * read at two moments. A group is a function that finds its processes when asked (PostgreSQL's backends come and go,
 * a restarted service has a new pid). Time of processes that ended between two readings is lost; the benchmark's
 * processes live for the whole run, and PostgreSQL's connections are pooled.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export type ProcessFinder = () => number[];
export type CpuGroups = Record<string, ProcessFinder>;
/** Milliseconds of CPU per group, and `machine`: every core's busy time (all processes). */
export type CpuReading = { groups: Record<string, number>; machineMs: number; at: number };

/** utime + stime of one process (all its threads) in ms; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of proc(5)
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy time of all cores (everything but idle and iowait) in ms, from /proc/stat. */
function machineBusyMs(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Every process whose command line contains all the given parts (e.g. the broker's data directory). */
export const byCommandLine =
  (...parts: string[]): ProcessFinder =>
  () =>
    allPids().filter((pid) => {
      const line = cmdline(pid);
      return line !== '' && parts.every((part) => line.includes(part));
    });

/**
 * PostgreSQL's share: the server's own processes (postmaster, checkpointer, WAL writer, ...) and the backends
 * serving the given databases, which a backend names in its process title (`postgres: 15/main: user db 127.0.0.1(40312) idle`).
 * Backends of other databases (other sessions' tests on the same server) are left out; so is the time of a backend
 * that ended between two readings, which the benchmark's pooled connections do not.
 */
export const postgresFor =
  (databasePrefix: string): ProcessFinder =>
  () =>
    allPids().filter((pid) => {
      if (comm(pid) !== 'postgres') return false;
      const title = cmdline(pid);
      const backend = /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]|\]\(\d+\)/.test(title);
      return !backend || title.includes(databasePrefix);
    });

export const byPid =
  (pid: () => number | undefined): ProcessFinder =>
  () => {
    const current = pid();
    return current ? [current] : [];
  };

export function readCpu(groups: CpuGroups): CpuReading {
  const result: Record<string, number> = {};
  for (const [name, find] of Object.entries(groups)) {
    result[name] = find().reduce((sum, pid) => sum + processCpuMs(pid), 0);
  }
  return { groups: result, machineMs: machineBusyMs(), at: Date.now() };
}

export interface CpuMeter {
  /** CPU each group spent since the meter started, as a reading (subtract two with `cpuBetween`). */
  mark(): CpuReading;
  stop(): void;
}

/**
 * Follows every process of every group, sampling every `intervalMs`, and adds up what each spent since it was first
 * seen (since the start for those that ran then): a process that ends between two marks (a pooled database connection
 * closed when idle) keeps what it spent until its last sample instead of taking its whole past out of the sum.
 */
export function startCpuMeter(groups: CpuGroups, intervalMs = 500): CpuMeter {
  const last = new Map<string, Map<number, number>>();
  const spent: Record<string, number> = {};
  const sample = (initial: boolean) => {
    for (const [name, find] of Object.entries(groups)) {
      const seen = last.get(name) ?? new Map<number, number>();
      last.set(name, seen);
      for (const pid of find()) {
        const now = processCpuMs(pid);
        const before = seen.get(pid) ?? (initial ? now : 0);
        spent[name] = (spent[name] ?? 0) + Math.max(0, now - before);
        seen.set(pid, Math.max(now, before));
      }
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), intervalMs);
  return {
    mark() {
      sample(false);
      return { groups: { ...spent }, machineMs: machineBusyMs(), at: Date.now() };
    },
    stop: () => clearInterval(timer),
  };
}

/** CPU spent between two readings, per group, plus `everything else` (the machine's busy time not in any group). */
export function cpuBetween(before: CpuReading, after: CpuReading): Record<string, number> {
  const spent: Record<string, number> = {};
  let inGroups = 0;
  for (const name of Object.keys(after.groups)) {
    const ms = Math.max(0, (after.groups[name] ?? 0) - (before.groups[name] ?? 0));
    spent[name] = ms;
    inGroups += ms;
  }
  spent['everything else'] = Math.max(0, after.machineMs - before.machineMs - inGroups);
  return spent;
}

/**
 * Waits until the given groups are quiet (less than `idleShare` of one core over `intervalMs`, twice in a row), so a
 * reading taken afterwards includes the work a run caused after its last answer (projections, invoices, e-mails).
 */
export async function untilQuiet(groups: CpuGroups, { intervalMs = 500, idleShare = 0.05, timeoutMs = 60_000 } = {}): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quietIntervals = 0;
  let previous = readCpu(groups);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const current = readCpu(groups);
    const ownBusy = Object.keys(current.groups).reduce(
      (sum, name) => sum + ((current.groups[name] ?? 0) - (previous.groups[name] ?? 0)),
      0,
    );
    quietIntervals = ownBusy < intervalMs * idleShare ? quietIntervals + 1 : 0;
    if (quietIntervals >= 2) return true;
    previous = current;
  }
  return false;
}
