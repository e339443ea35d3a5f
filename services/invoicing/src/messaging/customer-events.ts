import { CustomerChanged, type EventMessage } from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import { SOURCE } from './public-events.ts';

/**
 * `invoicing.customer.changed.v1`: a customer's name and invoice address, for notification to know whom to write at a
 * municipality. Customers are state, not streams, so the event gets an id of its own; keyed by the customer.
 */
export function customerChangedMessage(customer: { id: string; name: string; invoiceEmail: string }, changedAt: Date): EventMessage {
  const data = CustomerChanged.data.parse({
    customerId: customer.id,
    name: customer.name,
    invoiceEmail: customer.invoiceEmail,
    changedAt: changedAt.toISOString(),
  });
  return {
    topic: CustomerChanged.topic,
    key: customer.id,
    event: cloudEvent({ type: CustomerChanged.type, source: SOURCE, subject: customer.id, time: changedAt, data }),
  };
}
