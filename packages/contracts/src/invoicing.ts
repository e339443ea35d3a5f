import { z } from 'zod';
import { eventContract } from './cloud-event.ts';
import { Money, VatTreatment } from './shared.ts';
import { Topics } from './topics.ts';

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

export const InvoiceVoided = eventContract(
  Topics.invoicing,
  'invoicing.invoice.voided.v1',
  z.object({
    invoiceId: z.uuid(),
    registrationId: z.uuid(),
    reason: z.string().min(1),
  }),
);

export const invoicingEvents = [InvoiceDrafted, InvoiceVoided] as const;
