import type { StaffApi } from '../../api/gateway.ts';
import { type ApiProblem, unreachable } from '../../api/problem.ts';
import type { InvoiceRunResult } from './api.ts';

/**
 * Invoice runs (and their dry runs) the app is waiting for. The API answers a run when every invoice is issued:
 * minutes for a thousand. So the form's POST starts the call and redirects to the run's page, which says "wird
 * ausgestellt …" until the answer is here (docs/decisions.md 84). Kept in this process only: after a restart the
 * run's page asks the API again with the same Idempotency-Key, and the gateway replays the answer.
 */
export interface RunInput {
  upTo: string;
  municipalityId?: string;
  dryRun: boolean;
}

export type RunState = { status: 'running' } | { status: 'done'; result: InvoiceRunResult } | { status: 'failed'; problem: ApiProblem };

export interface InvoiceRun {
  /** The form's Idempotency-Key: the run's id, in its page's URL. */
  id: string;
  input: RunInput;
  startedAt: Date;
  state: RunState;
}

/** The gateway waits up to 15 minutes for a run (services/gateway/src/routes/invoicing.ts); the app a little longer. */
const RUN_TIMEOUT_MS = 16 * 60_000;
const KEEP_MS = 24 * 60 * 60_000;
const runs = new Map<string, InvoiceRun>();

/** Starts the run once per key: a second submit of the same form finds the first. */
export function startRun(api: StaffApi, id: string, input: RunInput, now = new Date()): InvoiceRun {
  forgetOld(now);
  const known = runs.get(id);
  if (known) return known;
  const run: InvoiceRun = { id, input, startedAt: now, state: { status: 'running' } };
  runs.set(id, run);
  void api
    .post<InvoiceRunResult>('/v1/invoice-runs', input, id, { timeoutMs: RUN_TIMEOUT_MS })
    .then((answer) => {
      run.state = answer.ok ? { status: 'done', result: answer.body } : { status: 'failed', problem: answer.problem };
    })
    .catch(() => {
      run.state = { status: 'failed', problem: unreachable() };
    });
  return run;
}

export const runOf = (id: string) => runs.get(id);

function forgetOld(now: Date) {
  for (const [id, run] of runs) if (run.state.status !== 'running' && now.getTime() - run.startedAt.getTime() > KEEP_MS) runs.delete(id);
}
