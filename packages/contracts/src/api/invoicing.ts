import { z } from '@hono/zod-openapi';
import { Money, VatTreatment } from '../shared.ts';

export const InvoiceStatus = z.enum(['draft', 'voided']);

export const Invoice = z
  .object({
    id: z.uuid(),
    registrationId: z.uuid(),
    offeringId: z.uuid(),
    municipalityId: z.string(),
    status: InvoiceStatus,
    total: Money,
    vat: VatTreatment,
    createdAt: z.iso.datetime({ offset: true }),
  })
  .openapi('Invoice');
export type Invoice = z.infer<typeof Invoice>;

export const InvoiceList = z.object({ items: z.array(Invoice) }).openapi('InvoiceList');

export const InvoiceQuery = z.object({
  registrationId: z.uuid().optional(),
  municipalityId: z.string().min(1).optional(),
});

export const CustomerInput = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9-]{2,60}$/)
      .openapi({ example: 'oldenburg' }),
    name: z.string().min(1).max(200),
    invoiceEmail: z.email(),
    leitwegId: z.string().min(1).max(46).nullable().default(null),
    billingAddress: z.object({
      department: z.string().max(200).default(''),
      street: z.string().min(1),
      postalCode: z.string().min(1),
      city: z.string().min(1),
      country: z.string().length(2).default('DE'),
    }),
  })
  .openapi('CustomerInput');
export type CustomerInput = z.infer<typeof CustomerInput>;
