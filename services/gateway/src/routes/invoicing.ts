import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CustomerInput, InvoicePage, InvoiceQuery } from '@seminarwerk/contracts/api';
import { requirePrincipal, requireStaff } from '../auth/middleware.ts';
import { forward, queryString, type Upstream } from '../proxy.ts';
import { json, jsonBody, problems, relay, security } from './openapi.ts';

export function invoicingRoutes(app: OpenAPIHono, invoicing: Upstream) {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/invoices',
      tags: ['Invoices'],
      summary: 'List invoices (partners see only their own municipality)',
      security,
      request: { query: InvoiceQuery },
      responses: { 200: json(InvoicePage, 'A page of invoices'), ...problems(400, 401) },
    }),
    async (c) => {
      const principal = requirePrincipal(c);
      return relay(c, await forward(invoicing, { method: 'GET', path: `/invoices${queryString(c.req.valid('query'))}`, principal }));
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/customers/{customerId}',
      tags: ['Invoices'],
      summary: 'Create or update a partner municipality as invoice customer (back office)',
      security,
      request: {
        params: z.object({ customerId: z.string().openapi({ param: { name: 'customerId', in: 'path' }, example: 'oldenburg' }) }),
        body: jsonBody(CustomerInput.omit({ id: true })),
      },
      responses: { 200: json(CustomerInput, 'The customer'), ...problems(400, 401, 403) },
    }),
    async (c) => {
      const principal = requireStaff(c);
      const body = { ...c.req.valid('json'), id: c.req.valid('param').customerId };
      return relay(c, await forward(invoicing, { method: 'PUT', path: '/customers', principal, body }));
    },
  );
}
