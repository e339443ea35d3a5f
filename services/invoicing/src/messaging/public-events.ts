import { type EventMessage, InvoiceDrafted, InvoiceVoided } from '@seminarwerk/contracts';
import { assertNever } from '@seminarwerk/decider';
import { cloudEvent } from '@seminarwerk/messaging';
import type { Recorded } from '@seminarwerk/postgres';
import type { InvoiceEvent } from '../domain/invoice.ts';

export const SOURCE = '/seminarwerk/invoicing';

/**
 * Maps a recorded invoice event to its public contract (docs/events.md), field by field: a field added to
 * a stored event stays internal until it is added here. Keyed by the invoice, so its events stay in order.
 */
export function toPublicMessage(recorded: Recorded<InvoiceEvent>): EventMessage {
  const common = {
    id: recorded.id,
    source: SOURCE,
    time: recorded.recordedAt,
    correlationId: recorded.metadata.correlationId,
    causationId: recorded.metadata.causationId,
    subject: recorded.data.invoiceId,
  };
  switch (recorded.type) {
    case 'InvoiceDrafted': {
      const d = recorded.data;
      const data = InvoiceDrafted.data.parse({
        invoiceId: d.invoiceId,
        registrationId: d.registrationId,
        offeringId: d.offeringId,
        municipalityId: d.municipalityId,
        total: { amountCents: d.total.amountCents, currency: d.total.currency },
        vat: d.vat,
      });
      return { topic: InvoiceDrafted.topic, key: d.invoiceId, event: cloudEvent({ ...common, type: InvoiceDrafted.type, data }) };
    }
    case 'InvoiceVoided': {
      const d = recorded.data;
      const data = InvoiceVoided.data.parse({ invoiceId: d.invoiceId, registrationId: d.registrationId, reason: d.reason });
      return { topic: InvoiceVoided.topic, key: d.invoiceId, event: cloudEvent({ ...common, type: InvoiceVoided.type, data }) };
    }
    default:
      return assertNever(recorded, 'invoice event');
  }
}
