import type { InvoiceQuery } from '@seminarwerk/contracts/api';
import { actorOf, type Principal } from '@seminarwerk/http';
import type { Institute } from '../config.ts';
import type { Db } from '../db.ts';
import type { XRechnungValidator } from '../documents/validator.ts';
import { billing } from './billing.ts';
import { cancellations } from './cancellation.ts';
import { draftBook } from './drafts.ts';
import { type IssueOutcome, type IssuingDeps, issuing } from './issuing.ts';
import { type PaymentInput, payments } from './payments.ts';
import { invoiceQueries } from './queries.ts';
import { invoiceRuns, type RunInput } from './runs.ts';
import { invoicingStreams } from './streams.ts';

export type Clock = () => Date;

export interface InvoicingDeps {
  institute: Institute;
  validator: XRechnungValidator;
  render: IssuingDeps['render'];
  clock: Clock;
}

const byStaff = (principal: Principal) => ({ actor: actorOf(principal) });

/**
 * Invoicing's application: positions from registration's events, drafts, issuing, runs, cancellations,
 * payments and reads, wired once. Commands from HTTP answer the invoice as it then is.
 */
export function invoices(db: Db, deps: InvoicingDeps) {
  const { clock } = deps;
  const streams = invoicingStreams(db);
  const issue = issuing(db, { ...deps, streams, drafts: draftBook(streams, clock) });
  const queries = invoiceQueries(db, clock);
  const runs = invoiceRuns(db, { ...deps, issuing: issue });
  const cancelling = cancellations(streams, issue, clock);
  const paying = payments(streams, issue, clock);
  const answer = (outcome: IssueOutcome, principal: Principal) => queries.get(outcome.invoiceId, principal);

  return {
    billing: billing(streams, clock),

    list: (query: InvoiceQuery, principal: Principal) => queries.list(query, principal),
    get: (id: string, principal: Principal) => queries.get(id, principal),
    document: (id: string, kind: 'xrechnung' | 'pdf', principal: Principal) => queries.document(id, kind, principal),

    /** Idempotent: an issued invoice is answered as it is. A held one is answered held (200): nothing was sent. */
    async issue(id: string, principal: Principal) {
      return answer(await issue.issue(id, byStaff(principal)), principal);
    },

    run: (input: RunInput, principal: Principal) => runs.run(input, byStaff(principal)),

    /** Answers the Stornorechnung: issued, or held if its XML failed validation (the invoice then stays issued). */
    async cancel(id: string, reason: string, principal: Principal) {
      await queries.get(id, principal);
      return answer(await cancelling.cancel(id, reason, byStaff(principal)), principal);
    },

    async recordPayment(id: string, payment: PaymentInput, principal: Principal) {
      await queries.get(id, principal);
      await paying.record(id, payment, byStaff(principal));
      return queries.get(id, principal);
    },
  };
}
export type Invoices = ReturnType<typeof invoices>;
