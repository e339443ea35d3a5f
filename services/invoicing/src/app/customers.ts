import type { CustomerInput } from '@seminarwerk/contracts/api';
import { isRejection, Rejected } from '@seminarwerk/decider';
import type { Db } from '../db.ts';
import { acceptCustomer } from '../domain/customer.ts';
import type { Clock } from './invoices.ts';

/** Partner municipalities as invoice recipients: stored as state (no history is needed of them yet). */
export function customers(db: Db, clock: Clock = () => new Date()) {
  return {
    /** Creates or replaces a customer; a refused one is thrown as `Rejected` for the edge to answer. */
    async upsert(input: CustomerInput) {
      const customer = acceptCustomer(input);
      if (isRejection(customer)) throw new Rejected(customer);
      const data = {
        name: customer.name,
        invoiceEmail: customer.invoiceEmail,
        leitwegId: customer.leitwegId,
        billingAddress: { ...customer.billingAddress },
        updatedAt: clock(),
      };
      const row = await db.customer.upsert({ where: { id: customer.id }, create: { id: customer.id, ...data }, update: data });
      return { ...input, createdAt: row.createdAt.toISOString() };
    },
  };
}
export type Customers = ReturnType<typeof customers>;
