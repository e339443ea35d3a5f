import { z } from '@hono/zod-openapi';
import { Cursor, Day, Email, Id, MunicipalityId, Text, VatTreatment } from '../shared.ts';

const Cents = z.number().int();

/** The most a PostgreSQL `integer` column (where amounts are kept) holds. */
const MAX_CENTS = 2_147_483_647;

export const InvoiceStatus = z.enum(['draft', 'held', 'issued', 'partially-paid', 'paid', 'cancelled', 'voided']).openapi('InvoiceStatus', {
  description:
    '`draft`: not issued yet, changes with its positions, no number. `held`: could not be issued (see `hold`), no number. ' +
    '`issued`: numbered, validated and sent; never changes again. `partially-paid` / `paid`: payments recorded. ' +
    '`cancelled`: a credit note (Stornorechnung) cancels it. `voided`: a draft that lost all its positions.',
});
export type InvoiceStatus = z.infer<typeof InvoiceStatus>;

export const InvoiceType = z
  .enum(['invoice', 'credit-note'])
  .openapi({ description: '`credit-note`: a Stornorechnung (UBL CreditNote, 381)' });
export type InvoiceType = z.infer<typeof InvoiceType>;

export const BillingMode = z.enum(['per-registration', 'collective-monthly']).openapi('BillingMode', {
  description:
    '`per-registration`: one invoice per participant. `collective-monthly`: one invoice per municipality and calendar month of the seminar dates, one line per participant',
});
export type BillingMode = z.infer<typeof BillingMode>;

export const BillingAddress = z
  .object({
    department: Text.max(200).default(''),
    street: Text.min(1).max(200),
    postalCode: Text.min(1).max(20),
    city: Text.min(1).max(100),
    country: z
      .string()
      .length(2)
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as DE')
      .default('DE'),
  })
  .openapi('BillingAddress', {
    example: {
      department: 'Fachdienst Personal und Organisation',
      street: 'Markt 1',
      postalCode: '26122',
      city: 'Oldenburg (Oldb)',
      country: 'DE',
    },
  });

export const CustomerInput = z
  .object({
    id: MunicipalityId.openapi({ example: 'oldenburg' }),
    name: Text.min(1).max(200).openapi({ example: 'Stadt Oldenburg (Oldb)' }),
    invoiceEmail: Email.openapi({ example: 'rechnungseingang@oldenburg.example' }),
    leitwegId: Text.min(1)
      .max(46)
      .nullable()
      .default(null)
      .openapi({ description: 'Required to issue an invoice (XRechnung BT-10); checked with ISO 7064 Mod 97-10', example: '03403000-57' }),
    billingAddress: BillingAddress,
    billing: BillingMode.default('per-registration'),
    paymentTermsDays: z.number().int().min(0).max(120).default(30).openapi({ description: 'Days from the issue date to the due date' }),
    supplierNumber: Text.min(1).max(50).nullable().default(null).openapi({
      description: 'The institute’s supplier number at the municipality (Kreditorennummer), printed on invoices',
      example: 'K-100423',
    }),
  })
  .openapi('CustomerInput');
export type CustomerInput = z.infer<typeof CustomerInput>;

export const Customer = CustomerInput.extend({ createdAt: z.iso.datetime({ offset: true }) }).openapi('Customer');
export type Customer = z.infer<typeof Customer>;

export const CustomerQuery = z.object({
  q: Text.trim().min(1).max(200).optional().openapi({ description: 'Part of the name, in any case', example: 'oldenburg' }),
  billingMode: BillingMode.optional(),
  missingLeitwegId: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: '`true`: only customers without a Leitweg-ID (their invoices are held); `false`: only those with one' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional().openapi({ description: '`nextCursor` of the previous page (opaque)' }),
});
export type CustomerQuery = z.infer<typeof CustomerQuery>;

export const CustomerPage = z
  .object({ items: z.array(Customer), nextCursor: z.string().nullable() })
  .openapi('CustomerPage', { description: 'By name, then id' });

export const InvoiceLine = z
  .object({
    registrationId: z.uuid(),
    offeringId: z.uuid(),
    kind: z.enum(['fee', 'cancellation-fee', 'no-show-fee']).openapi({ description: 'The full fee, or a fee by the cancellation terms' }),
    description: z.string().openapi({ example: 'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen' }),
    participant: z.string().openapi({ description: 'The participant’s name', example: 'Anna Meyer' }),
    serviceDate: Day.openapi({ description: 'The seminar’s first day', example: '2027-02-16' }),
    feePercent: z.number().int().min(0).max(100).openapi({ description: 'Share of the seminar fee billed (100 for the full fee)' }),
    netCents: Cents.openapi({ example: 34000 }),
    vat: VatTreatment,
    vatRatePercent: z.number().openapi({ example: 0 }),
    purchaseOrderReference: z.string().nullable().openapi({ description: 'Bestellnummer / Aktenzeichen given with the registration' }),
  })
  .openapi('InvoiceLine');
export type InvoiceLine = z.infer<typeof InvoiceLine>;

export const InvoiceTotals = z
  .object({
    netCents: Cents,
    vatCents: Cents,
    grossCents: Cents,
    paidCents: Cents,
    outstandingCents: Cents,
    currency: z.literal('EUR'),
  })
  .openapi('InvoiceTotals', {
    example: { netCents: 34000, vatCents: 0, grossCents: 34000, paidCents: 0, outstandingCents: 34000, currency: 'EUR' },
  });

export const ValidationMessage = z
  .object({
    rule: z.string().openapi({ example: 'BR-DE-15' }),
    severity: z.enum(['error', 'warning', 'notice']),
    text: z.string().openapi({ example: 'Das Element "Buyer reference" (BT-10) muss übermittelt werden.' }),
    location: z.string().nullable(),
  })
  .openapi('ValidationMessage');

export const InvoiceValidation = z
  .object({
    result: z.enum(['valid', 'invalid']),
    validator: z.string().openapi({ example: 'Mustang validator 2.22.0 (XRechnung 3.0, EN 16931)' }),
    validatedAt: z.iso.datetime({ offset: true }),
    messages: z.array(ValidationMessage),
  })
  .openapi('InvoiceValidation');

export const Payment = z
  .object({
    id: z.uuid(),
    amountCents: Cents.positive(),
    paidOn: Day,
    reference: z.string().nullable(),
    recordedAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Payment');

export const Invoice = z
  .object({
    id: z.uuid(),
    number: z.string().nullable().openapi({ description: 'Gap-free per series and year; `null` until issued', example: 'RE-2027-00001' }),
    type: InvoiceType,
    status: InvoiceStatus,
    issueDate: Day.nullable(),
    dueDate: Day.nullable().openapi({ description: 'Invoices only; `null` for credit notes and until issued' }),
    municipalityId: z.string(),
    billing: BillingMode,
    period: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .nullable()
      .openapi({ description: 'Collective invoices: the month of the seminar dates', example: '2027-02' }),
    buyer: z
      .object({ name: z.string(), leitwegId: z.string().nullable(), address: BillingAddress, supplierNumber: z.string().nullable() })
      .nullable()
      .openapi({ description: 'As on the issued document; for drafts as the customer is now; `null` while no customer exists' }),
    purchaseOrderReference: z.string().nullable(),
    lines: z.array(InvoiceLine),
    totals: InvoiceTotals,
    precedingInvoice: z
      .object({ id: z.uuid(), number: z.string(), issueDate: Day })
      .nullable()
      .openapi({ description: 'Credit notes: the invoice they cancel (BT-25, BT-26)' }),
    cancelledBy: z
      .object({ id: z.uuid(), number: z.string().nullable() })
      .nullable()
      .openapi({ description: 'The credit note that cancels it' }),
    hold: z
      .object({ reason: z.string(), detail: z.string() })
      .nullable()
      .openapi({ description: 'Why it is held, e.g. `missing-leitweg-id` or `validation-failed` (then see `validation`)' }),
    validation: InvoiceValidation.nullable(),
    payments: z.array(Payment),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Invoice');
export type Invoice = z.infer<typeof Invoice>;

export const InvoicePage = z.object({ items: z.array(Invoice), nextCursor: z.string().nullable() }).openapi('InvoicePage');
export type InvoicePage = z.infer<typeof InvoicePage>;

export const InvoiceQuery = z.object({
  status: InvoiceStatus.optional(),
  type: InvoiceType.optional(),
  municipalityId: MunicipalityId.optional().openapi({ description: 'Back office only (partners see their own)' }),
  registrationId: Id.optional().openapi({ description: 'Invoices with a line for this registration' }),
  offeringId: Id.optional(),
  overdue: z.enum(['true', 'false']).optional().openapi({ description: '`true`: issued or partially paid, and past the due date' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional().openapi({ description: '`nextCursor` of the previous page (opaque)' }),
});
export type InvoiceQuery = z.infer<typeof InvoiceQuery>;

export const InvoiceRunInput = z
  .object({
    upTo: Day.openapi({ description: 'Bill the positions of dates that started on or before this day (Europe/Berlin)' }),
    municipalityId: MunicipalityId.optional().openapi({ description: 'Only this municipality' }),
    dryRun: z.boolean().default(false).openapi({ description: 'Report what would be issued, issue nothing' }),
  })
  .openapi('InvoiceRunInput', { example: { upTo: '2027-02-28', dryRun: true } });
export type InvoiceRunInput = z.infer<typeof InvoiceRunInput>;

export const InvoiceRunResult = z
  .object({
    dryRun: z.boolean(),
    upTo: Day,
    issued: z
      .array(
        z.object({ id: z.uuid(), number: z.string().nullable(), municipalityId: z.string(), grossCents: Cents, lines: z.number().int() }),
      )
      .openapi({ description: 'Invoices issued (in a dry run: that would be issued, without numbers)' }),
    held: z
      .array(z.object({ id: z.uuid(), municipalityId: z.string(), reason: z.string(), detail: z.string() }))
      .openapi({ description: 'Invoices that could not be issued and are held' }),
    skipped: z
      .array(z.object({ registrationId: z.uuid(), invoiceId: z.uuid().nullable(), reason: z.string(), detail: z.string() }))
      .openapi({ description: 'Positions left for a later run, with the reason' }),
  })
  .openapi('InvoiceRunResult');
export type InvoiceRunResult = z.infer<typeof InvoiceRunResult>;

export const InvoiceCancellationInput = z
  .object({ reason: Text.trim().min(1).max(500).openapi({ example: 'Rechnungsanschrift war falsch' }) })
  .openapi('InvoiceCancellationInput');
export type InvoiceCancellationInput = z.infer<typeof InvoiceCancellationInput>;

export const PaymentInput = z
  .object({
    amountCents: Cents.positive().max(MAX_CENTS).openapi({ example: 34000 }),
    paidOn: Day.openapi({ example: '2027-03-20' }),
    reference: Text.trim().min(1).max(140).optional().openapi({ example: 'Kassenzeichen 2027-4711' }),
  })
  .openapi('PaymentInput');
export type PaymentInput = z.infer<typeof PaymentInput>;

export const InvoicePositionStatus = z.enum(['ready', 'waiting']).openapi({
  description: '`ready`: an invoice run up to today would bill it. `waiting`: not yet, see `waitingFor`',
});

export const InvoicePositionQuery = z.object({
  municipalityId: MunicipalityId.optional(),
  offeringId: Id.optional(),
  status: InvoicePositionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: Cursor.optional().openapi({ description: '`nextCursor` of the previous page (opaque)' }),
});
export type InvoicePositionQuery = z.infer<typeof InvoicePositionQuery>;

export const InvoicePosition = z
  .object({
    registrationId: z.uuid(),
    municipalityId: z.string(),
    offeringId: z.uuid(),
    title: z.string().openapi({ description: 'The seminar, as the invoice line will name it' }),
    serviceDate: Day.openapi({ description: 'The first day of the date (Europe/Berlin)' }),
    participant: z.string().openapi({ description: 'The participant’s name, as on the invoice line' }),
    kind: z.enum(['fee', 'cancellation-fee', 'no-show-fee']),
    feePercent: z.number().int(),
    netCents: Cents,
    vat: VatTreatment,
    billing: BillingMode,
    draftId: z.uuid().openapi({ description: 'The draft invoice it is a line of (`GET /v1/invoices/{invoiceId}`)' }),
    status: InvoicePositionStatus,
    waitingFor: z
      .array(
        z.object({
          reason: z.enum(['not-started', 'month-not-over', 'missing-customer', 'missing-leitweg-id', 'validation-failed']),
          detail: z.string(),
        }),
      )
      .openapi({ description: 'Every reason it cannot be invoiced yet; empty when `ready`' }),
  })
  .openapi('InvoicePosition');
export type InvoicePosition = z.infer<typeof InvoicePosition>;

export const InvoicePositionPage = z
  .object({ items: z.array(InvoicePosition), nextCursor: z.string().nullable() })
  .openapi('InvoicePositionPage');
export type InvoicePositionPage = z.infer<typeof InvoicePositionPage>;
