import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@seminarwerk/postgres';
import type { Issuing } from './issuing.ts';
import { Locks } from './locks.ts';
import type { InvoicingStreams } from './streams.ts';

export interface PaymentInput {
  amountCents: number;
  paidOn: string;
  reference: string | null;
}

/** Payments against issued invoices: the invoice's own stream decides (not more than is outstanding). */
export function payments(streams: InvoicingStreams, issuing: Issuing, clock: () => Date) {
  return {
    record(invoiceId: string, payment: PaymentInput, metadata: CommandMetadata): Promise<void> {
      return issuing.transact(async (tx) => {
        const locks = new Locks(tx);
        await locks.invoices([invoiceId]);
        await streams.decideInvoice(
          tx,
          locks,
          invoiceId,
          { type: 'RecordPayment', paymentId: randomUUID(), ...payment, now: clock() },
          metadata,
        );
      });
    },
  };
}
export type Payments = ReturnType<typeof payments>;
