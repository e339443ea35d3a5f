import type { Tx } from '../db.ts';
import type { InvoiceEvent } from '../domain/invoice.ts';

/** Keeps the `invoices` read model in step with the invoice streams, in the same transaction. */
export async function projectInvoice(tx: Tx, event: InvoiceEvent, at: Date) {
  switch (event.type) {
    case 'InvoiceDrafted': {
      const d = event.data;
      await tx.invoice.create({
        data: {
          id: d.invoiceId,
          registrationId: d.registrationId,
          offeringId: d.offeringId,
          municipalityId: d.municipalityId,
          status: 'draft',
          totalCents: d.total.amountCents,
          currency: d.total.currency,
          vat: d.vat,
          description: d.description,
          createdAt: at,
          updatedAt: at,
        },
      });
      return;
    }
    case 'InvoiceVoided':
      await tx.invoice.update({ where: { id: event.data.invoiceId }, data: { status: 'voided', updatedAt: at } });
      return;
  }
}
