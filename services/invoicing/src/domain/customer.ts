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

/** A partner municipality as invoice recipient. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly invoiceEmail: string;
  /** Routes XRechnung invoices to the authority; without one the municipality is billed by e-mail only. */
  readonly leitwegId: string | null;
  readonly billingAddress: BillingAddress;
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
