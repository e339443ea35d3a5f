import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { Customer, CustomerInput, CustomerPage, CustomerQuery } from '@seminarwerk/contracts/api';
import { requireStaff } from '../auth/middleware.ts';
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import { customerExample, customerInputExample } from './invoicing-examples.ts';
import { json, jsonBodyWithExample, keyRequired, operation, problems } from './openapi.ts';

const CustomerParams = z.object({
  customerId: z
    .string()
    .regex(/^[a-z0-9-]{2,60}$/)
    .openapi({ param: { name: 'customerId', in: 'path' }, example: 'oldenburg', description: 'The municipality’s id (a slug)' }),
});

/** Partner municipalities as invoice customers: the buyer data of every invoice (back office only). */
export function customerRoutes(app: OpenAPIHono, invoicing: Upstream) {
  const forwarded = forwardingTo(app, invoicing);
  forwarded(
    operation({
      method: 'put',
      path: '/v1/customers/{customerId}',
      operationId: 'putCustomer',
      tags: ['Invoices'],
      summary: 'Create or replace a municipality as invoice customer (back office)',
      description:
        'The whole customer, replaced: name, invoice e-mail (where invoices and credit notes are sent), Leitweg-ID (XRechnung BT-10; checked with ISO 7064 Mod 97-10, 400 `invalid-leitweg-id`; without one, invoices are held), billing address, billing mode (`per-registration` or `collective-monthly`, default `per-registration`), payment terms in days (default 30) and the institute’s supplier number at the municipality. Drafts follow the customer; issued invoices keep the data they were issued with. No Idempotency-Key needed: the same body again changes nothing.',
      security: keyRequired,
      request: { params: CustomerParams, body: jsonBodyWithExample(CustomerInput.omit({ id: true }), customerInputExample) },
      responses: { 200: json(Customer, 'The customer', customerExample), ...problems(400, 403) },
    }),
    { caller: requireStaff, to: '/customers', body: (customer, { customerId }) => ({ ...customer, id: customerId }) },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/customers',
      operationId: 'listCustomers',
      tags: ['Invoices'],
      summary: 'List the municipalities as invoice customers (back office)',
      description:
        'By name, a page at a time (`nextCursor`). `q` matches part of the name in any case; `billingMode` and ' +
        '`missingLeitwegId=true` (customers whose invoices are held until they have one) narrow the list.',
      security: keyRequired,
      request: { query: CustomerQuery },
      responses: { 200: json(CustomerPage, 'A page of customers', { items: [customerExample], nextCursor: null }), ...problems(400, 403) },
    }),
    { caller: requireStaff, to: '/customers' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/customers/{customerId}',
      operationId: 'getCustomer',
      tags: ['Invoices'],
      summary: 'Get a municipality’s customer record (back office)',
      description:
        'As last written with `PUT /v1/customers/{customerId}`. A municipality that is no customer answers 404 `customer-not-found`.',
      security: keyRequired,
      request: { params: CustomerParams },
      responses: { 200: json(Customer, 'The customer', customerExample), ...problems(400, 403, 404) },
    }),
    { caller: requireStaff, to: '/customers/{customerId}' },
  );
}
