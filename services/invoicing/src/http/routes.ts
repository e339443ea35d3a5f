import { CustomerInput, InvoiceQuery } from '@seminarwerk/contracts/api';
import { parseJson, parseValue, principalOf, requireBackOffice, type ServiceApp } from '@seminarwerk/http';
import type { InvoicingService } from '../app/invoicing-service.ts';

/** Internal API, called by the gateway only. */
export function invoicingRoutes(app: ServiceApp, invoicing: InvoicingService) {
  app.get('/invoices', async (c) => {
    const filter = parseValue(InvoiceQuery, c.req.query(), 'query');
    return c.json({ items: await invoicing.list(filter, principalOf(c)) });
  });
  app.put('/customers', async (c) => {
    requireBackOffice(c);
    return c.json(await invoicing.upsertCustomer(await parseJson(c, CustomerInput)));
  });
}
