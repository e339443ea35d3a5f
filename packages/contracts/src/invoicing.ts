import { z } from 'zod';
import { eventContract } from './cloud-event.ts';
import { Money, VatTreatment } from './shared.ts';
import { Topics } from './topics.ts';

/** A draft invoice for one registration (billing `per-registration`); collective drafts publish nothing. */
export const InvoiceDrafted = eventContract(
  Topics.invoicing,
  'invoicing.invoice.drafted.v1',
  z.object({
    invoiceId: z.uuid(),
    registrationId: z.uuid(),
    offeringId: z.uuid(),
    municipalityId: z.string().min(1),
    total: Money,
    vat: VatTreatment,
  }),
);

/** A per-registration draft lost its registration (cancelled free of charge) before it was issued. */
export const InvoiceVoided = eventContract(
  Topics.invoicing,
  'invoicing.invoice.voided.v1',
  z.object({
    invoiceId: z.uuid(),
    registrationId: z.uuid(),
    reason: z.string().min(1),
  }),
);

const Day = z.iso.date();
const Cents = z.number().int();

/** An issued document as sent: file name, media type, SHA-256 (hex) of the bytes, and the bytes (base64). */
const IssuedDocument = z.object({
  kind: z.enum(['xrechnung', 'pdf']),
  fileName: z.string().min(1),
  mediaType: z.enum(['application/xml', 'application/pdf']),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentBase64: z.string().min(1),
});

const Buyer = z.object({
  name: z.string().min(1),
  leitwegId: z.string().min(1),
  invoiceEmail: z.email(),
  address: z.object({
    department: z.string(),
    street: z.string().min(1),
    postalCode: z.string().min(1),
    city: z.string().min(1),
    country: z.string().length(2),
  }),
});

const IssuedLine = z.object({
  registrationId: z.uuid(),
  offeringId: z.uuid(),
  kind: z.enum(['fee', 'cancellation-fee', 'no-show-fee']),
  description: z.string().min(1),
  netCents: Cents,
  vat: VatTreatment,
});

const Totals = z.object({ netCents: Cents, vatCents: Cents, grossCents: Cents, currency: z.literal('EUR') });

const issuedFields = {
  invoiceId: z.uuid(),
  number: z.string().min(1),
  issueDate: Day,
  municipalityId: z.string().min(1),
  buyer: Buyer,
  lines: z.array(IssuedLine).min(1),
  totals: Totals,
  /** The XRechnung XML (the legal invoice) and the PDF, byte for byte as stored and served. */
  documents: z.array(IssuedDocument).length(2),
};

/** An invoice was numbered, validated (XRechnung 3.0, EN 16931) and is to be sent to `buyer.invoiceEmail`. */
export const InvoiceIssued = eventContract(Topics.invoicing, 'invoicing.invoice.issued.v1', z.object({ ...issuedFields, dueDate: Day }));

/** A Stornorechnung (credit note) was issued for `precedingInvoice`, and is to be sent like an invoice. */
export const CreditNoteIssued = eventContract(
  Topics.invoicing,
  'invoicing.credit-note.issued.v1',
  z.object({
    ...issuedFields,
    precedingInvoice: z.object({ invoiceId: z.uuid(), number: z.string().min(1), issueDate: Day }),
    reason: z.string().min(1),
  }),
);

/** An invoice could not be issued: no customer or Leitweg-ID, or its XML failed validation. Nothing was sent. */
export const InvoiceHeld = eventContract(
  Topics.invoicing,
  'invoicing.invoice.held.v1',
  z.object({
    invoiceId: z.uuid(),
    municipalityId: z.string().min(1),
    reason: z.enum(['missing-customer', 'missing-leitweg-id', 'validation-failed']),
    detail: z.string().min(1),
    /** Rule ids of the validator's errors, e.g. `BR-DE-15` (empty unless `validation-failed`). */
    rules: z.array(z.string()),
  }),
);

/** A payment was recorded against an issued invoice. */
export const InvoicePaymentRecorded = eventContract(
  Topics.invoicing,
  'invoicing.invoice.payment-recorded.v1',
  z.object({
    invoiceId: z.uuid(),
    number: z.string().min(1),
    municipalityId: z.string().min(1),
    paymentId: z.uuid(),
    amountCents: Cents.positive(),
    paidOn: Day,
    status: z.enum(['partially-paid', 'paid']),
    outstandingCents: Cents,
  }),
);

/** An issued invoice was cancelled by a credit note (the credit note has its own `credit-note.issued`). */
export const InvoiceCancelled = eventContract(
  Topics.invoicing,
  'invoicing.invoice.cancelled.v1',
  z.object({
    invoiceId: z.uuid(),
    number: z.string().min(1),
    municipalityId: z.string().min(1),
    creditNoteId: z.uuid(),
    creditNoteNumber: z.string().min(1),
    reason: z.string().min(1),
  }),
);

/**
 * A customer (a partner municipality as invoice recipient) was created, or its name or invoice address changed.
 * Notification keeps these as the municipality's contact: where to write when its webhooks had to be switched off.
 */
export const CustomerChanged = eventContract(
  Topics.invoicing,
  'invoicing.customer.changed.v1',
  z.object({
    /** The customer's id, which is the municipality's id (`oldenburg`). */
    customerId: z.string().min(1),
    name: z.string().min(1),
    invoiceEmail: z.email(),
    /** When it changed: a consumer keeps the latest and ignores an older one that arrives late. */
    changedAt: z.iso.datetime({ offset: true }),
  }),
);

export const invoicingEvents = [
  InvoiceDrafted,
  InvoiceVoided,
  InvoiceIssued,
  CreditNoteIssued,
  InvoiceHeld,
  InvoicePaymentRecorded,
  InvoiceCancelled,
  CustomerChanged,
] as const;
