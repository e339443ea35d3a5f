import { rejectionProblems } from '@seminarwerk/http';
import type { InvoicingRejectionCode } from '../domain/rejections.ts';

/** Seconds a client waits before asking again when the validator is not reachable. */
export const VALIDATOR_RETRY_AFTER_SECONDS = 30;

/** The one place invoicing's rejection codes become HTTP: a code missing here fails the typecheck. */
export const invoicingProblems = rejectionProblems<InvoicingRejectionCode>(
  {
    'invalid-leitweg-id': 400,
    'customer-not-found': 404,
    'invoice-not-found': 404,
    'documents-not-available': 404,
    'not-issuable': 409,
    'not-cancellable': 409,
    'not-payable': 409,
    'payment-exceeds-outstanding': 422,
    'validator-unavailable': 503,
  },
  (rejection) => (rejection.code === 'validator-unavailable' ? { retryAfterSeconds: VALIDATOR_RETRY_AFTER_SECONDS } : {}),
);
