import { CustomerInput, InvoiceQuery } from '@seminarwerk/contracts/api';
import { parseJson, parseValue, principalOf, requireBackOffice, type ServiceApp } from '@seminarwerk/http';
import type { Customers } from '../app/customers.ts';
import type { Invoices } from '../app/invoices.ts';

/** Internal API, called by the gateway only. */
export function invoicingRoutes(app: ServiceApp, invoices: Invoices, customers: Customers) {
  app.get('/invoices', async (c) => {
    const filter = parseValue(InvoiceQuery, c.req.query(), 'query');
    return c.json({ items: await invoices.list(filter, principalOf(c)) });
  });
  app.put('/customers', async (c) => {
    requireBackOffice(c);
    return c.json(await customers.upsert(await parseJson(c, CustomerInput)));
  });
}
