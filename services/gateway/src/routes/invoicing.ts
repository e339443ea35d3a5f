import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  Invoice,
  InvoiceCancellationInput,
  InvoicePage,
  InvoicePositionPage,
  InvoicePositionQuery,
  InvoiceQuery,
  InvoiceRunInput,
  InvoiceRunResult,
  PaymentInput,
} from '@seminarwerk/contracts/api';
import { requirePrincipal, requireStaff } from '../auth/middleware.ts';
import type { Upstream } from '../proxy.ts';
import { forwardingTo } from './forwarding.ts';
import {
  creditNoteExample,
  dryRunExample,
  invoiceExample,
  invoicePageExample,
  invoicePositionPageExample,
  invoiceRunExample,
} from './invoicing-examples.ts';
import { file, IdempotencyHeaders, json, jsonBodyWithExample, keyRequired, operation, problems } from './openapi.ts';

/** How long the gateway waits for an invoice run (they answer when every invoice is issued). */
const INVOICE_RUN_TIMEOUT_MS = 15 * 60_000;

const InvoiceParams = z.object({
  invoiceId: z.uuid().openapi({ param: { name: 'invoiceId', in: 'path' }, example: invoiceExample.id }),
});

const partnersOwn =
  'Partners see only their own municipality’s invoices and credit notes; another municipality’s answers 404 `invoice-not-found`, as if it did not exist.';

/** The invoices of the back office and the partners: issuing, runs, Stornorechnungen, payments, and the documents. */
export function invoicingRoutes(app: OpenAPIHono, invoicing: Upstream) {
  const forwarded = forwardingTo(app, invoicing);
  forwarded(
    operation({
      method: 'get',
      path: '/v1/invoices',
      operationId: 'listInvoices',
      tags: ['Invoices'],
      summary: 'List invoices and credit notes, filtered, oldest first, with cursor pagination',
      description: `${partnersOwn} \`municipalityId\` is for the back office and ignored for partners. \`overdue=true\`: issued or partially paid and past the due date. \`limit\` 1–200 (default 50); pass \`nextCursor\` as \`cursor\` for the next page.`,
      security: keyRequired,
      request: { query: InvoiceQuery },
      responses: { 200: json(InvoicePage, 'A page of invoices', invoicePageExample), ...problems(400) },
    }),
    {
      caller: requirePrincipal,
      to: '/invoices',
      // Tenancy at the edge as well: a partner's list is its own municipality's, whatever the query says.
      query: (query, principal) => (principal?.kind === 'municipality' ? { ...query, municipalityId: principal.municipalityId } : query),
    },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/invoice-positions',
      operationId: 'listInvoicePositions',
      tags: ['Invoices'],
      summary: 'List the positions not yet invoiced, ready or waiting and why (back office)',
      description:
        'The lines of drafts that owe something (a fee, a cancellation or no-show fee), by date, a page at a time (`nextCursor`). ' +
        '`ready`: an invoice run up to today would bill it. `waiting`: `waitingFor` names every reason: `not-started` (the date ' +
        'has not begun), `month-not-over` (collective billing), `missing-customer`, `missing-leitweg-id`, `validation-failed` ' +
        '(its draft is held; see the invoice). Drafts and held invoices themselves: `GET /v1/invoices?status=draft|held`.',
      security: keyRequired,
      request: { query: InvoicePositionQuery },
      responses: { 200: json(InvoicePositionPage, 'A page of positions', invoicePositionPageExample), ...problems(400, 403) },
    }),
    { caller: requireStaff, to: '/invoice-positions' },
  );

  forwarded(
    operation({
      method: 'get',
      path: '/v1/invoices/{invoiceId}',
      operationId: 'getInvoice',
      tags: ['Invoices'],
      summary: 'Get an invoice or credit note with its lines, totals, validation result and payments',
      description: `${partnersOwn} A draft shows the customer as it is now; an issued document as it was issued.`,
      security: keyRequired,
      request: { params: InvoiceParams },
      responses: { 200: json(Invoice, 'The invoice', invoiceExample), ...problems(400, 404) },
    }),
    { caller: requirePrincipal, to: '/invoices/{invoiceId}' },
  );

  for (const document of documents) {
    forwarded(
      operation({
        method: 'get',
        path: `/v1/invoices/{invoiceId}/${document.path}`,
        operationId: document.operationId,
        tags: ['Invoices'],
        summary: document.summary,
        description: `${document.description} The bytes are exactly those issued (GoBD): they never change. A draft or held invoice has no documents (404 \`documents-not-available\`). ${partnersOwn}`,
        security: keyRequired,
        request: { params: InvoiceParams },
        responses: { 200: file(document.contentType, document.summary, document.example), ...problems(400, 404) },
      }),
      {
        caller: requirePrincipal,
        to: `/invoices/{invoiceId}/${document.path}`,
        // The document itself (or a problem), not JSON; its ETag is the SHA-256 on record.
        accept: `${document.contentType}, application/problem+json`,
        passOn: ['content-disposition', 'etag', 'cache-control'],
      },
    );
  }

  forwarded(
    operation({
      method: 'post',
      path: '/v1/invoices/{invoiceId}/issue',
      operationId: 'issueInvoice',
      tags: ['Invoices'],
      summary: 'Issue a draft: number it, render and validate its XRechnung and PDF, and send it (back office)',
      description:
        'The number is assigned in the transaction that issues the invoice (gap-free per year, e.g. `RE-2027-00001`). The XML is validated against XRechnung 3.0 and EN 16931 before anything is sent: an invoice that fails, or whose customer has no Leitweg-ID, is `held` with the reason in `hold` (and the validator’s messages in `validation`) and gets no number. Issuing an issued invoice again answers it unchanged (200).',
      security: keyRequired,
      request: { params: InvoiceParams, headers: IdempotencyHeaders },
      responses: { 200: json(Invoice, 'The issued (or held) invoice', invoiceExample), ...problems(400, 403, 404, 409, 503) },
    }),
    { caller: requireStaff, to: '/invoices/{invoiceId}/issue' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/invoice-runs',
      operationId: 'runInvoicing',
      tags: ['Invoices'],
      summary: 'Invoice every position of dates started up to a day, by each customer’s billing mode (back office)',
      description:
        'Every position of a date that started on or before `upTo` (Europe/Berlin) and is not invoiced yet becomes an invoice: one per position for `per-registration` customers, one per municipality and month for `collective-monthly`. Positions that cannot be invoiced yet are listed in `skipped` with the reason; invoices that fail validation or lack a Leitweg-ID are `held`. Two runs at once never invoice a position twice. `dryRun: true` answers 200 with what would be issued (without numbers) and changes nothing.',
      security: keyRequired,
      request: { headers: IdempotencyHeaders, body: jsonBodyWithExample(InvoiceRunInput, { upTo: '2027-02-28', dryRun: false }) },
      responses: {
        201: json(InvoiceRunResult, 'What the run issued, held and skipped', invoiceRunExample),
        200: json(InvoiceRunResult, 'A dry run: what a run would issue now', dryRunExample),
        ...problems(400, 403, 503),
      },
    }),
    {
      caller: requireStaff,
      to: '/invoice-runs',
      // A run issues invoice after invoice and answers when done: minutes for a thousand (docs/benchmarks.md).
      timeoutMs: INVOICE_RUN_TIMEOUT_MS,
    },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/invoices/{invoiceId}/cancel',
      operationId: 'cancelInvoice',
      tags: ['Invoices'],
      summary: 'Cancel an issued invoice with a Stornorechnung (credit note) (back office)',
      description:
        'Issues a credit note (UBL CreditNote, type 381) that references the original’s number and issue date (BT-25, BT-26), validates and sends it like an invoice. The original becomes `cancelled` and names the credit note in `cancelledBy`; it is never changed otherwise. A correction is this plus a new invoice. An invoice that is not issued (a draft, held, cancelled already) answers 409 `not-cancellable`.',
      security: keyRequired,
      request: {
        params: InvoiceParams,
        headers: IdempotencyHeaders,
        body: jsonBodyWithExample(InvoiceCancellationInput, { reason: 'Rechnungsanschrift war falsch' }),
      },
      responses: { 201: json(Invoice, 'The credit note', creditNoteExample), ...problems(400, 403, 404, 409, 503) },
    }),
    { caller: requireStaff, to: '/invoices/{invoiceId}/cancel' },
  );

  forwarded(
    operation({
      method: 'post',
      path: '/v1/invoices/{invoiceId}/payments',
      operationId: 'recordPayment',
      tags: ['Invoices'],
      summary: 'Record a payment against an issued invoice (back office)',
      description:
        'The invoice becomes `partially-paid` or `paid`. Only issued invoices take payments (409 `not-payable`); more than is outstanding answers 422 `payment-exceeds-outstanding`. Each request is one payment: retry with the same Idempotency-Key, never with a new one.',
      security: keyRequired,
      request: {
        params: InvoiceParams,
        headers: IdempotencyHeaders,
        body: jsonBodyWithExample(PaymentInput, { amountCents: 20000, paidOn: '2027-03-01', reference: 'Kassenzeichen 2027-4711' }),
      },
      responses: { 201: json(Invoice, 'The invoice with the payment', invoiceExample), ...problems(400, 403, 404, 409, 422) },
    }),
    { caller: requireStaff, to: '/invoices/{invoiceId}/payments' },
  );
}

/** The two documents of an issued invoice or credit note, as the invoicing service serves them. */
const documents = [
  {
    path: 'xrechnung',
    operationId: 'getInvoiceXRechnung',
    contentType: 'application/xml',
    summary: 'The XRechnung (UBL 2.1 XML): the legal invoice',
    description:
      'XRechnung 3.0 in UBL syntax (`Invoice`, or `CreditNote` for a Stornorechnung), validated before it was sent. This is the invoice in law; the PDF is a readable copy.',
    example: 'RE-2027-00001.xml',
  },
  {
    path: 'pdf',
    operationId: 'getInvoicePdf',
    contentType: 'application/pdf',
    summary: 'The PDF: a readable copy of the invoice',
    description: 'German, A4, with every item § 14 UStG requires; it says the same as the XRechnung.',
    example: 'RE-2027-00001.pdf',
  },
] as const;
