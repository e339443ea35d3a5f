import { assertNever } from '@seminarwerk/decider';
import type { Recorded } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';
import type { InvoiceEvent } from '../domain/invoice.ts';

/** Keeps the `invoices` read model in step with the invoice streams, in the transaction that recorded the events. */
export async function projectInvoices(tx: Tx, recorded: readonly Recorded<InvoiceEvent>[]): Promise<void> {
  for (const event of recorded) {
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
            createdAt: event.recordedAt,
            updatedAt: event.recordedAt,
          },
        });
        break;
      }
      case 'InvoiceVoided':
        await tx.invoice.update({ where: { id: event.data.invoiceId }, data: { status: 'voided', updatedAt: event.recordedAt } });
        break;
      default:
        assertNever(event, 'invoice event');
    }
  }
}
