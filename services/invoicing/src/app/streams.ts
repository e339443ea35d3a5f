import { isRejection, Rejected } from '@seminarwerk/decider';
import { type CommandMetadata, commandHandler, prismaSql, type Recorded } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { type InvoiceCommand, type InvoiceEvent, type InvoiceState, invoiceDecider } from '../domain/invoice.ts';
import { type PositionCommand, type PositionEvent, type PositionState, positionDecider } from '../domain/position.ts';
import { toPublicMessages } from '../messaging/public-events.ts';
import { invoiceStream, type Locks, positionStream } from './locks.ts';
import { projectInvoice, projectPosition } from './projection.ts';

/**
 * The two aggregates' write paths through the shared command handler, always inside a transaction of the
 * caller's (several aggregates decide in one) and always under a lock the caller took through `Locks`, in
 * the one lock order. A rejection is thrown as `Rejected`: it rolls the caller's transaction back.
 */
export function invoicingStreams(db: Db) {
  const transaction = <T>(work: (tx: Tx) => Promise<T>) => db.$transaction(work);
  const positions = commandHandler({
    decider: positionDecider,
    transaction,
    sql: prismaSql,
    concurrency: 'lock',
    project: projectPosition,
  });
  const invoices = commandHandler({
    decider: invoiceDecider,
    transaction,
    sql: prismaSql,
    concurrency: 'lock',
    project: projectInvoice,
    toMessages: toPublicMessages,
  });

  return {
    async position(tx: Tx, locks: Locks, registrationId: string): Promise<PositionState> {
      if (!locks.holdsPosition(registrationId)) throw new Error(`position ${registrationId} read without its lock`);
      return (await positions.decideIn(tx, positionStream(registrationId), [])).state;
    },

    async decidePosition(
      tx: Tx,
      locks: Locks,
      registrationId: string,
      command: PositionCommand,
      metadata: CommandMetadata,
    ): Promise<{ events: readonly PositionEvent[]; state: PositionState }> {
      if (!locks.holdsPosition(registrationId)) throw new Error(`position ${registrationId} decided without its lock`);
      const { results, state } = await positions.decideIn(tx, positionStream(registrationId), [{ command, metadata }]);
      const decision = results[0]!.decision;
      if (isRejection(decision)) throw new Rejected(decision);
      return { events: decision as readonly PositionEvent[], state };
    },

    async invoice(tx: Tx, locks: Locks, invoiceId: string): Promise<InvoiceState> {
      if (!locks.holdsInvoice(invoiceId)) throw new Error(`invoice ${invoiceId} read without its lock`);
      return (await invoices.decideIn(tx, invoiceStream(invoiceId), [])).state;
    },

    async decideInvoice(
      tx: Tx,
      locks: Locks,
      invoiceId: string,
      command: InvoiceCommand,
      metadata: CommandMetadata,
    ): Promise<{ recorded: Recorded<InvoiceEvent>[]; state: InvoiceState }> {
      if (!locks.holdsInvoice(invoiceId)) throw new Error(`invoice ${invoiceId} decided without its lock`);
      const { results, state } = await invoices.decideIn(tx, invoiceStream(invoiceId), [{ command, metadata }]);
      const { decision, recorded } = results[0]!;
      if (isRejection(decision)) throw new Rejected(decision);
      return { recorded, state };
    },
  };
}
export type InvoicingStreams = ReturnType<typeof invoicingStreams>;
