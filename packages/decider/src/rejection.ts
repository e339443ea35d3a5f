/**
 * A command the rules refuse, as a value: a code from the domain's own list and a `detail` for people.
 * Domain and application code return (or throw, as `Rejected`) these; one table per service at the HTTP
 * edge turns each code into a status and a problem type. A domain may add facts of its own (e.g. the
 * registration a person already holds).
 */
export interface Rejection<Code extends string = string> {
  readonly rejected: true;
  readonly code: Code;
  /** Shown to the client: never personal data or internals. */
  readonly detail: string;
  /** Input fields at fault, for rules that need the current state to check (400 with `errors`). */
  readonly fields?: readonly FieldProblem[];
}

export interface FieldProblem {
  field: string;
  detail: string;
}

export function reject<Code extends string>(code: Code, detail: string, fields: readonly FieldProblem[] = []): Rejection<Code> {
  return { rejected: true, code, detail, ...(fields.length > 0 ? { fields } : {}) };
}

export const isRejection = (value: unknown): value is Rejection =>
  typeof value === 'object' && value !== null && (value as { rejected?: unknown }).rejected === true;

/** A rejection on its way to the edge, through code that answers with values otherwise. */
export class Rejected<Code extends string = string> extends Error {
  constructor(readonly rejection: Rejection<Code>) {
    super(rejection.detail);
    this.name = 'Rejected';
  }
}

/** Returns the events, or throws the rejection for the edge to answer. */
export function orThrow<E, Code extends string>(decision: readonly E[] | Rejection<Code>): readonly E[] {
  if (isRejection(decision)) throw new Rejected(decision);
  return decision;
}
