import type { FuzzRequest } from './requests.ts';
import type { FailureGroup, FuzzReport } from './run.ts';

const shellQuoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The request as a curl command (long bodies shortened, bytes that are not UTF-8 in hex), to send it again. */
export function asCurl(request: FuzzRequest, baseUrl = 'http://127.0.0.1:3000'): string {
  const parts = [`curl -i -X ${request.method} ${shellQuoted(`${baseUrl}${request.url}`)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push(
      `-H ${shellQuoted(`${name}: ${name === 'authorization' ? value.replace(/^(Bearer sw_[a-z_]*?)[A-Za-z0-9]{8,}$/, '$1…') : value}`)}`,
    );
  }
  if (typeof request.body === 'string') {
    const body = request.body.length > 300 ? `${request.body.slice(0, 300)}… (${request.body.length} characters)` : request.body;
    parts.push(`--data-binary ${shellQuoted(JSON.stringify(body).slice(1, -1))}`);
  } else if (request.body) {
    parts.push(`--data-binary (bytes ${Buffer.from(request.body).toString('hex')})`);
  }
  return parts.join(' ');
}

const pad = (text: string | number, width: number) => String(text).padEnd(width);
const padLeft = (text: string | number, width: number) => String(text).padStart(width);

/** The table: per operation the requests, the statuses seen, the 5xx and the contract violations; then the total. */
export function formatTable(report: FuzzReport): string {
  const rows = report.operations.map((o) => ({
    operation: o.operation,
    requests: o.requests,
    statuses: [...o.statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' '),
    serverErrors: o.serverErrors,
    violations: o.violations,
  }));
  const width = Math.max(9, ...rows.map((r) => r.operation.length));
  const lines = [`${pad('operation', width)}  ${padLeft('requests', 8)}  ${padLeft('5xx', 4)}  ${padLeft('contract', 8)}  statuses`];
  for (const r of rows)
    lines.push(
      `${pad(r.operation, width)}  ${padLeft(r.requests, 8)}  ${padLeft(r.serverErrors, 4)}  ${padLeft(r.violations, 8)}  ${r.statuses}`,
    );
  const violations = rows.reduce((sum, r) => sum + r.violations, 0);
  lines.push(
    `${pad('TOTAL', width)}  ${padLeft(report.requests, 8)}  ${padLeft(report.serverErrors, 4)}  ${padLeft(violations, 8)}  seed ${report.seed}, ${(report.ms / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}

/** Failures grouped by operation, status and problem, each with the smallest request that showed it. */
export function formatFailures(failures: readonly FailureGroup[], baseUrl?: string): string {
  if (failures.length === 0) return 'no failures';
  return failures
    .map(
      (f) =>
        `${f.operation} → ${f.status}: ${f.problem} (${f.count}×, ${f.example.role}, ${f.example.kind})\n  ${asCurl(f.example, baseUrl)}\n  answer: ${f.answer.slice(0, 300).replace(/\s+/g, ' ')}`,
    )
    .join('\n');
}
