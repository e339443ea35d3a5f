import { isRejection } from '@seminarwerk/decider';
import { describe, expect, it } from 'vitest';
import { acceptCustomer, type Customer } from './customer.ts';

const oldenburg: Customer = {
  id: 'oldenburg',
  name: 'Stadt Oldenburg',
  invoiceEmail: 'rechnungen@oldenburg.example',
  leitwegId: null,
  billingAddress: { department: 'Fachdienst Personal', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg', country: 'DE' },
  billing: 'per-registration',
  paymentTermsDays: 30,
  supplierNumber: null,
};

describe('customers', () => {
  it('accepts a customer without a Leitweg-ID', () => expect(acceptCustomer(oldenburg)).toBe(oldenburg));

  it('accepts a Leitweg-ID whose check digits hold', () => {
    const customer = { ...oldenburg, leitwegId: '03403000-57' };
    expect(isRejection(acceptCustomer(customer))).toBe(false);
  });

  it('refuses a Leitweg-ID whose check digits do not hold, naming the field', () =>
    expect(acceptCustomer({ ...oldenburg, leitwegId: '03403000-58' })).toMatchObject({
      rejected: true,
      code: 'invalid-leitweg-id',
      fields: [{ field: 'leitwegId' }],
    }));
});
