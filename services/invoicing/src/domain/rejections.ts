import type { Rejection } from '@seminarwerk/decider';

/**
 * Every code invoicing refuses a command with. src/http/problems.ts answers each with a status; a code
 * added here and not there fails the typecheck.
 */
export type InvoicingRejectionCode =
  | 'invalid-leitweg-id'
  | 'customer-not-found'
  | 'invoice-not-found'
  | 'documents-not-available'
  | 'not-issuable'
  | 'not-cancellable'
  | 'not-payable'
  | 'payment-exceeds-outstanding'
  | 'validator-unavailable';
export type InvoicingRejection = Rejection<InvoicingRejectionCode>;
