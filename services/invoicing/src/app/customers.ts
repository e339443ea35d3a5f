import type { CustomerInput, CustomerQuery, Customer as CustomerResource } from '@seminarwerk/contracts/api';
import { isRejection, Rejected, reject } from '@seminarwerk/decider';
import { decodeTextCursor, encodeTextCursor } from '@seminarwerk/http';
import { enqueue, prismaSql } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { acceptCustomer, type BillingAddress, type BillingMode, type Customer } from '../domain/customer.ts';
import type { Customer as CustomerRow, Prisma } from '../generated/prisma/client.ts';
import { customerChangedMessage } from '../messaging/customer-events.ts';

/**
 * Partner municipalities as invoice recipients: stored as state (no history is needed of them; an issued
 * invoice keeps the buyer as it was). A change applies to what is issued from then on; the billing mode to
 * positions opened from then on.
 */
export function customers(db: Db, clock: () => Date = () => new Date()) {
  return {
    /** Creates or replaces a customer; a refused one is thrown as `Rejected` for the edge to answer. */
    async upsert(input: CustomerInput): Promise<CustomerResource> {
      const customer = acceptCustomer(input);
      if (isRejection(customer)) throw new Rejected(customer);
      const data = {
        name: customer.name,
        invoiceEmail: customer.invoiceEmail,
        leitwegId: customer.leitwegId,
        billingAddress: { ...customer.billingAddress },
        billing: customer.billing,
        paymentTermsDays: customer.paymentTermsDays,
        supplierNumber: customer.supplierNumber,
        updatedAt: clock(),
      };
      // A new customer, or a new name or invoice address, is published in the same transaction (the outbox).
      const row = await db.$transaction(async (tx) => {
        const before = await tx.customer.findUnique({ where: { id: customer.id }, select: { name: true, invoiceEmail: true } });
        const saved = await tx.customer.upsert({ where: { id: customer.id }, create: { id: customer.id, ...data }, update: data });
        if (before?.name !== saved.name || before?.invoiceEmail !== saved.invoiceEmail) {
          await enqueue(prismaSql(tx), [customerChangedMessage(saved, data.updatedAt)]);
        }
        return saved;
      });
      return toResource(row);
    },

    /** By name (then id), a page at a time; `q` matches part of the name in any case. */
    async list(query: CustomerQuery): Promise<{ items: CustomerResource[]; nextCursor: string | null }> {
      const after = query.cursor ? decodeTextCursor(query.cursor) : undefined;
      const where: Prisma.CustomerWhereInput = {
        ...(query.q ? { name: { contains: query.q, mode: 'insensitive' } } : {}),
        ...(query.billingMode ? { billing: query.billingMode } : {}),
        ...(query.missingLeitwegId ? { leitwegId: query.missingLeitwegId === 'true' ? null : { not: null } } : {}),
        ...(after ? { OR: [{ name: { gt: after.after } }, { name: after.after, id: { gt: after.id } }] } : {}),
      };
      const rows = await db.customer.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(toResource),
        nextCursor: last && rows.length > query.limit ? encodeTextCursor({ after: last.name, id: last.id }) : null,
      };
    },

    async get(id: string): Promise<CustomerResource> {
      const row = await db.customer.findUnique({ where: { id } });
      if (!row) throw new Rejected(reject('customer-not-found', 'There is no customer with this id'));
      return toResource(row);
    },
  };
}
export type Customers = ReturnType<typeof customers>;

export async function customerOf(tx: Tx | Db, id: string): Promise<Customer | null> {
  const row = await tx.customer.findUnique({ where: { id } });
  return row ? toCustomer(row) : null;
}

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    invoiceEmail: row.invoiceEmail,
    leitwegId: row.leitwegId,
    billingAddress: row.billingAddress as unknown as BillingAddress,
    // The CHECK constraint holds `billing` to BILLING_MODES.
    billing: row.billing as BillingMode,
    paymentTermsDays: row.paymentTermsDays,
    supplierNumber: row.supplierNumber,
  };
}

function toResource(row: CustomerRow): CustomerResource {
  const { billingAddress, ...customer } = toCustomer(row);
  return { ...customer, billingAddress: { ...billingAddress }, createdAt: row.createdAt.toISOString() };
}
