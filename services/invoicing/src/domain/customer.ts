import { type Rejection, reject } from '@seminarwerk/decider';
import { isValidLeitwegId } from './leitweg-id.ts';

export interface BillingAddress {
  readonly department: string;
  readonly street: string;
  readonly postalCode: string;
  readonly city: string;
  /** ISO 3166-1 alpha-2 */
  readonly country: string;
}

/**
 * `per-registration`: one invoice per participant. `collective-monthly`: one invoice per municipality and
 * calendar month of the seminar dates. The list is also a CHECK constraint on `customers.billing`.
 */
export const BILLING_MODES = ['per-registration', 'collective-monthly'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];

/** A partner municipality as invoice recipient. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly invoiceEmail: string;
  /** Routes XRechnung invoices to the authority (BT-10); without a valid one nothing can be issued to it. */
  readonly leitwegId: string | null;
  readonly billingAddress: BillingAddress;
  readonly billing: BillingMode;
  /** Days from the issue date to the due date. */
  readonly paymentTermsDays: number;
  /** The institute's supplier number at the municipality (Kreditorennummer), BT-46. */
  readonly supplierNumber: string | null;
}

/**
 * A customer the institute can bill: a Leitweg-ID that does not route (wrong shape or check digits) would
 * only be found out when the first e-invoice bounces, so it is refused when it is entered.
 */
export function acceptCustomer(customer: Customer): Customer | Rejection<'invalid-leitweg-id'> {
  if (customer.leitwegId !== null && !isValidLeitwegId(customer.leitwegId)) {
    return reject('invalid-leitweg-id', 'leitwegId: the check digits or the format are wrong (ISO 7064 Mod 97-10)', [
      { field: 'leitwegId', detail: 'invalid check digits or format' },
    ]);
  }
  return customer;
}

/** Why an invoice to this customer cannot be issued now, or `null` when it can. */
export function billable(customer: Customer | null): { reason: 'missing-customer' | 'missing-leitweg-id'; detail: string } | null {
  if (customer === null) return { reason: 'missing-customer', detail: 'The municipality is not a customer yet (PUT /v1/customers/{id})' };
  if (customer.leitwegId === null) {
    return { reason: 'missing-leitweg-id', detail: `${customer.name} has no Leitweg-ID: an XRechnung needs one in BT-10` };
  }
  if (!isValidLeitwegId(customer.leitwegId)) {
    return { reason: 'missing-leitweg-id', detail: `The Leitweg-ID of ${customer.name} is not valid (ISO 7064 Mod 97-10)` };
  }
  return null;
}
