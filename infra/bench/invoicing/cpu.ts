import { readdirSync, readFileSync } from 'node:fs';

/** Linux clock ticks per second for /proc times (USER_HZ, 100 on every common build). */
const USER_HZ = 100;

/** User + system CPU seconds of a whole process (all its threads) so far; NaN where /proc is missing. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, may contain spaces): utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}

/** Every process whose command line contains `needle` (e.g. `postgres:` for the server's backends). */
export function pidsMatching(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').includes(needle)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const [, user, nice, system, , , irq, softirq, steal] = (cpu ?? '').trim().split(/\s+/).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / USER_HZ;
}

export type ProcessGroups = Record<string, () => number[]>;

/** CPU seconds per named group of processes (and the whole machine) between `start()` and `stop()`. */
export function cpuMeter(groups: ProcessGroups) {
  const sample = () => {
    const perGroup: Record<string, number> = {};
    for (const [name, pids] of Object.entries(groups)) perGroup[name] = pids().reduce((sum, pid) => sum + (processCpuSeconds(pid) || 0), 0);
    return { perGroup, machine: machineBusySeconds(), at: performance.now() };
  };
  return {
    start() {
      const before = sample();
      return {
        stop() {
          const after = sample();
          const perGroup: Record<string, number> = {};
          for (const name of Object.keys(groups)) perGroup[name] = (after.perGroup[name] ?? 0) - (before.perGroup[name] ?? 0);
          return { wallSeconds: (after.at - before.at) / 1000, cpuSeconds: perGroup, machineCpuSeconds: after.machine - before.machine };
        },
      };
    },
  };
}
export type CpuMeasurement = ReturnType<ReturnType<ReturnType<typeof cpuMeter>['start']>['stop']>;
