import { type EventMessage, InvoiceDrafted, InvoiceVoided } from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import type { StoredEvent } from '@seminarwerk/postgres';
import type { InvoiceEvent } from '../domain/invoice.ts';

export const SOURCE = '/seminarwerk/invoicing';

/** Maps internal invoice events to the public contracts (docs/events.md). */
export function toPublicEvent(stored: StoredEvent, correlationId: string | undefined): EventMessage {
  const event = { type: stored.type, data: stored.data } as InvoiceEvent;
  const common = { id: stored.id, source: SOURCE, time: stored.recordedAt, correlationId, subject: event.data.invoiceId };
  switch (event.type) {
    case 'InvoiceDrafted': {
      const { draftedAt: _, description: _d, ...facts } = event.data;
      const data = InvoiceDrafted.data.parse(facts);
      return { topic: InvoiceDrafted.topic, key: facts.invoiceId, event: cloudEvent({ ...common, type: InvoiceDrafted.type, data }) };
    }
    case 'InvoiceVoided': {
      const { voidedAt: _, ...facts } = event.data;
      const data = InvoiceVoided.data.parse(facts);
      return { topic: InvoiceVoided.topic, key: facts.invoiceId, event: cloudEvent({ ...common, type: InvoiceVoided.type, data }) };
    }
  }
}
