import { isRejection } from '@seminarwerk/decider';
import type { Metrics } from '@seminarwerk/http';
import type { OfferingDecision } from '../domain/commands.ts';

/** Told of each decision a request made and committed (not of previews, not of catalogue events). */
export type DecisionObserver = (command: string, decision: OfferingDecision | undefined) => void;

/**
 * `registration_decisions_total{command, outcome}`: the first event a command recorded (`RegistrationConfirmed`,
 * `RegistrationWaitlisted`, ...), `rejected:<code>` for a refusal, `unchanged` when it recorded nothing.
 */
export function decisionMetrics(metrics: Metrics): DecisionObserver {
  const decisions = metrics.counter({
    name: 'registration_decisions_total',
    help: 'Commands on offerings decided for requests, by command and outcome',
    labelNames: ['command', 'outcome'] as const,
  });
  return (command, decision) => decisions.inc({ command, outcome: outcomeOf(decision) });
}

const outcomeOf = (decision: OfferingDecision | undefined) =>
  decision === undefined ? 'unchanged' : isRejection(decision) ? `rejected:${decision.code}` : (decision[0]?.type ?? 'unchanged');
