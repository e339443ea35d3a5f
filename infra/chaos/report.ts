/** The chaos table: one row per scenario, one PASS/FAIL column per invariant. */
import { INVARIANTS } from './invariants.ts';
import type { ScenarioResult } from './run.ts';

const COLUMNS = ['caught up', ...INVARIANTS] as const;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'requests', 'failed during fault', 'retries', 'recovered', 'caught up after', 'duplicate mails', ...COLUMNS];
  const rows = results.map((r) => [
    r.name,
    String(r.requests),
    String(r.failed),
    String(r.retries),
    r.skipped ? '-' : seconds(r.recoveredMs),
    r.skipped ? '-' : seconds(r.caughtUpMs),
    String(r.duplicateMails),
    ...COLUMNS.map((c) => {
      if (r.skipped) return 'SKIP';
      const found = r.invariants.find((i) => i.name === c);
      return found ? (found.pass ? 'PASS' : 'FAIL') : '?';
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function formatDetails(results: readonly ScenarioResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.skipped) {
      lines.push(`${r.name}: skipped (${r.skipped})`);
      continue;
    }
    lines.push(`${r.name}: answers ${JSON.stringify(r.statuses)}; retried after ${JSON.stringify(r.problems)}`);
    for (const i of r.invariants) if (!i.pass) lines.push(`  FAIL ${i.name}: ${i.detail}`);
  }
  const last = results.filter((r) => !r.skipped).at(-1);
  if (last) for (const i of last.invariants) lines.push(`  at the end, ${i.name}: ${i.detail}`);
  return lines.join('\n');
}

export const allPassed = (results: readonly ScenarioResult[]) => results.every((r) => r.invariants.every((i) => i.pass) && r.failed === 0);
