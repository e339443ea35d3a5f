import { randomUUID } from 'node:crypto';
import type { Invoice } from '@seminarwerk/contracts/api';
import type { Principal } from '@seminarwerk/http';
import { commandHandler, prismaSql } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import {
  type ConfirmedRegistration,
  type InvoiceCommand,
  type InvoiceDecision,
  type InvoiceStatus,
  invoiceDecider,
} from '../domain/invoice.ts';
import type { VatTreatment } from '../domain/money.ts';
import type { Invoice as InvoiceRow } from '../generated/prisma/client.ts';
import { toPublicMessage } from '../messaging/public-events.ts';
import { projectInvoices } from './projection.ts';

export type Clock = () => Date;

/** Invoices of one registration live in one stream, so "one invoice per registration" is its invariant (decision 6). */
export const invoiceStream = (registrationId: string) => `registration-invoice-${registrationId}`;

export function invoices(db: Db, clock: Clock = () => new Date()) {
  // Optimistic: a registration's stream has one writer at a time in practice (its events arrive in order on
  // one partition); the rare race, e.g. a back-office command beside a consumer, is decided again.
  const handler = commandHandler({
    decider: invoiceDecider,
    transaction: <T>(work: (tx: Tx) => Promise<T>) => db.$transaction(work),
    sql: prismaSql,
    project: projectInvoices,
    toMessages: (recorded) => recorded.map(toPublicMessage),
  });

  /** Decides in the caller's transaction: a consumer's, so the event is recorded as processed with its effect. */
  async function decide(tx: Tx, registrationId: string, command: InvoiceCommand, actor: string): Promise<InvoiceDecision> {
    const { results } = await handler.decideIn(tx, invoiceStream(registrationId), [{ command, metadata: { actor } }]);
    return results[0]!.decision; // one command, one result
  }

  return {
    draftFor: (tx: Tx, registration: ConfirmedRegistration, actor: string) =>
      decide(tx, registration.registrationId, { type: 'DraftInvoice', registration, invoiceId: randomUUID(), now: clock() }, actor),

    voidFor: (tx: Tx, registrationId: string, reason: string, actor: string) =>
      decide(tx, registrationId, { type: 'VoidDraft', reason, now: clock() }, actor),

    /** A municipality sees its own invoices only, whatever it asks for. */
    async list(filter: { registrationId?: string; municipalityId?: string }, principal: Principal): Promise<Invoice[]> {
      const municipalityId = principal.kind === 'municipality' ? principal.municipalityId : filter.municipalityId;
      const rows = await db.invoice.findMany({
        where: { registrationId: filter.registrationId, municipalityId },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      return rows.map(toDto);
    },
  };
}
export type Invoices = ReturnType<typeof invoices>;

function toDto(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    registrationId: row.registrationId,
    offeringId: row.offeringId,
    municipalityId: row.municipalityId,
    // The CHECK constraints of `invoices` hold these columns to the domain's lists.
    status: row.status as InvoiceStatus,
    total: { amountCents: row.totalCents, currency: 'EUR' },
    vat: row.vat as VatTreatment,
    createdAt: row.createdAt.toISOString(),
  };
}
