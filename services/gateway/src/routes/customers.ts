import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Customer, CustomerInput } from '@seminarwerk/contracts/api';
import { requireStaff } from '../auth/middleware.ts';
import { forward, type Upstream } from '../proxy.ts';
import { customerExample, customerInputExample } from './invoicing-examples.ts';
import { json, jsonBodyWithExample, problems, relay, security } from './openapi.ts';

const CustomerParams = z.object({
  customerId: z
    .string()
    .regex(/^[a-z0-9-]{2,60}$/)
    .openapi({ param: { name: 'customerId', in: 'path' }, example: 'oldenburg', description: 'The municipality’s id (a slug)' }),
});

/** Partner municipalities as invoice customers: the buyer data of every invoice (back office only). */
export function customerRoutes(app: OpenAPIHono, invoicing: Upstream) {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/customers/{customerId}',
      tags: ['Invoices'],
      summary: 'Create or replace a municipality as invoice customer (back office)',
      description:
        'The whole customer, replaced: name, invoice e-mail (where invoices and credit notes are sent), Leitweg-ID (XRechnung BT-10; checked with ISO 7064 Mod 97-10, 400 `invalid-leitweg-id`; without one, invoices are held), billing address, billing mode (`per-registration` or `collective-monthly`, default `per-registration`), payment terms in days (default 30) and the institute’s supplier number at the municipality. Drafts follow the customer; issued invoices keep the data they were issued with. No Idempotency-Key needed: the same body again changes nothing.',
      security,
      request: { params: CustomerParams, body: jsonBodyWithExample(CustomerInput.omit({ id: true }), customerInputExample) },
      responses: { 200: json(Customer, 'The customer', customerExample), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const body = { ...c.req.valid('json'), id: c.req.valid('param').customerId };
      return relay(c, await forward(invoicing, { method: 'PUT', path: '/customers', principal, body }));
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/customers/{customerId}',
      tags: ['Invoices'],
      summary: 'Get a municipality’s customer record (back office)',
      description:
        'As last written with `PUT /v1/customers/{customerId}`. A municipality that is no customer answers 404 `customer-not-found`.',
      security,
      request: { params: CustomerParams },
      responses: { 200: json(Customer, 'The customer', customerExample), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      return relay(c, await forward(invoicing, { method: 'GET', path: `/customers/${c.req.valid('param').customerId}`, principal }));
    },
  );
}
