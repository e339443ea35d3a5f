import {
  CustomerInput,
  CustomerQuery,
  InvoiceCancellationInput,
  InvoicePositionQuery,
  InvoiceQuery,
  InvoiceRunInput,
  PaymentInput,
  SubjectQuery,
} from '@seminarwerk/contracts/api';
import { parseJson, parseValue, principalOf, requireBackOffice, type ServiceApp, uuidParam } from '@seminarwerk/http';
import type { Context } from 'hono';
import type { Customers } from '../app/customers.ts';
import type { Erasures } from '../app/erasure.ts';
import type { Invoices } from '../app/invoices.ts';
import type { InvoicePositions } from '../app/positions.ts';
import type { subjectData } from '../app/subject-data.ts';

/** `registrationIds=a,b,c` of an erasure's confirmation: the subject read's list, without the address. */
const ErasureQuery = SubjectQuery.pick({ registrationIds: true });
const erasureId = (c: Context) => uuidParam(c, 'erasureId', { code: 'erasure-not-found', detail: 'There is no erasure with this id' });

const invoiceId = (c: Context) => uuidParam(c, 'id', { code: 'invoice-not-found', detail: 'There is no invoice with this id' });

/** Internal API, called by the gateway only: parse, hand over, answer. */
export function invoicingRoutes(
  app: ServiceApp,
  invoices: Invoices,
  customers: Customers,
  positions: InvoicePositions,
  aboutSubject: ReturnType<typeof subjectData>,
  erasures: Erasures,
) {
  app.get('/invoices', async (c) => c.json(await invoices.list(parseValue(InvoiceQuery, c.req.query(), 'query'), principalOf(c))));

  app.get('/invoice-positions', async (c) => {
    requireBackOffice(c);
    return c.json(await positions.list(parseValue(InvoicePositionQuery, c.req.query(), 'query')));
  });

  /** What invoicing holds about one person's registrations, for the access export (DSGVO Art. 15). */
  app.get('/privacy/subject', async (c) => {
    requireBackOffice(c);
    return c.json(await aboutSubject(parseValue(SubjectQuery, c.req.query(), 'query').registrationIds));
  });

  /** Whether invoicing blanked its copies of the person for each of the registrations: the gateway polls it. */
  app.get('/privacy/erasures/:erasureId', async (c) => {
    requireBackOffice(c);
    const id = erasureId(c);
    const { registrationIds } = parseValue(ErasureQuery, c.req.query(), 'query');
    return c.json({ completed: await erasures.completed(id, registrationIds) });
  });

  app.get('/invoices/:id', async (c) => c.json(await invoices.get(invoiceId(c), principalOf(c))));

  // The documents exactly as issued and stored: the bytes, their type, and their SHA-256 as the ETag.
  for (const kind of ['xrechnung', 'pdf'] as const) {
    app.get(`/invoices/:id/${kind}`, async (c) => {
      const document = await invoices.document(invoiceId(c), kind, principalOf(c));
      return c.body(new Uint8Array(document.content), 200, {
        'content-type': document.mediaType,
        'content-disposition': `attachment; filename="${document.fileName}"`,
        etag: `"${document.sha256}"`,
        'cache-control': 'private, max-age=31536000, immutable',
      });
    });
  }

  app.post('/invoices/:id/issue', async (c) => {
    const principal = requireBackOffice(c);
    return c.json(await invoices.issue(invoiceId(c), principal), 200);
  });

  app.post('/invoice-runs', async (c) => {
    const principal = requireBackOffice(c);
    const input = await parseJson(c, InvoiceRunInput);
    const result = await invoices.run(input, principal);
    return c.json(result, input.dryRun ? 200 : 201);
  });

  app.post('/invoices/:id/cancel', async (c) => {
    const principal = requireBackOffice(c);
    const id = invoiceId(c);
    const { reason } = await parseJson(c, InvoiceCancellationInput);
    return c.json(await invoices.cancel(id, reason, principal), 201);
  });

  app.post('/invoices/:id/payments', async (c) => {
    const principal = requireBackOffice(c);
    const id = invoiceId(c);
    const payment = await parseJson(c, PaymentInput);
    return c.json(await invoices.recordPayment(id, { ...payment, reference: payment.reference ?? null }, principal), 201);
  });

  app.put('/customers', async (c) => {
    requireBackOffice(c);
    return c.json(await customers.upsert(await parseJson(c, CustomerInput)));
  });

  app.get('/customers', async (c) => {
    requireBackOffice(c);
    return c.json(await customers.list(parseValue(CustomerQuery, c.req.query(), 'query')));
  });

  app.get('/customers/:id', async (c) => {
    requireBackOffice(c);
    return c.json(await customers.get(c.req.param('id')));
  });
}
