/** Summarises the services' logs (warn and above, plus anything that is not a JSON log line). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICES, type ServiceName } from '@seminarwerk/testing';

export interface LogGroup {
  service: ServiceName;
  level: string;
  message: string;
  count: number;
  /** One full line of the group, as an example. */
  example: string;
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

interface LogLine {
  level?: number;
  msg?: string;
  err?: { message?: string; type?: string; code?: string };
  error?: string | { message?: string };
}

/** Lines of each service log, grouped by level and message (ids and numbers blanked so repeats group). */
export function summariseLogs(logDir: string): LogGroup[] {
  const groups = new Map<string, LogGroup>();
  for (const service of SERVICES) {
    const file = join(logDir, `${service}.log`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let level = 'stderr';
      let message = line.trim();
      try {
        const parsed = JSON.parse(line) as LogLine;
        if ((parsed.level ?? 0) < 40) continue;
        level = LEVELS[parsed.level ?? 0] ?? String(parsed.level);
        const cause = parsed.err?.message ?? (typeof parsed.error === 'string' ? parsed.error : parsed.error?.message);
        message = cause ? `${parsed.msg ?? ''}: ${cause}` : (parsed.msg ?? line);
      } catch {
        // not JSON: a stack trace line, a Node warning, ...
      }
      const normalised = message
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
        .replace(/\d+(\.\d+)?/g, '<n>')
        .slice(0, 300);
      const key = `${service}\u0000${level}\u0000${normalised}`;
      const group = groups.get(key);
      if (group) group.count += 1;
      else groups.set(key, { service, level, message: normalised, count: 1, example: line.slice(0, 2000) });
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}
