import { randomUUID } from 'node:crypto';
import type { DataOf, RegistrationConfirmed } from '@seminarwerk/contracts';
import type { CustomerInput, Invoice } from '@seminarwerk/contracts/api';
import { AppError, type Principal } from '@seminarwerk/http';
import { currentTrace } from '@seminarwerk/logging';
import { appendToStream, enqueue, lockStream, prismaSql, readStream } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { draftInvoice, evolve, type InvoiceEvent, type InvoiceState, voidDraft } from '../domain/invoice.ts';
import { isValidLeitwegId } from '../domain/leitweg-id.ts';
import type { Invoice as InvoiceRow } from '../generated/prisma/client.ts';
import { toPublicEvent } from '../messaging/public-events.ts';
import { projectInvoice } from './projection.ts';

export type Clock = () => Date;

/** Invoices of one registration live in one stream, so "one invoice per registration" is its invariant. */
const streamId = (registrationId: string) => `registration-invoice-${registrationId}`;

export function invoicingService(db: Db, clock: Clock = () => new Date()) {
  async function decide(tx: Tx, registrationId: string, decision: (state: InvoiceState) => InvoiceEvent[]) {
    const sql = prismaSql(tx);
    const id = streamId(registrationId);
    await lockStream(sql, id);
    const history = await readStream(sql, id);
    const state = history.map((e) => ({ type: e.type, data: e.data }) as InvoiceEvent).reduce(evolve, { status: 'none' } as InvoiceState);
    const events = decision(state);
    if (events.length === 0) return;
    const { correlationId } = currentTrace();
    const stored = await appendToStream(
      sql,
      id,
      history.length,
      events.map((e) => ({ ...e, metadata: { correlationId } })),
    );
    for (const s of stored) await projectInvoice(tx, { type: s.type, data: s.data } as InvoiceEvent, s.recordedAt);
    await enqueue(
      sql,
      stored.map((s) => toPublicEvent(s, correlationId)),
    );
  }

  return {
    draftFor: (tx: Tx, confirmed: DataOf<typeof RegistrationConfirmed>) =>
      decide(tx, confirmed.registrationId, (state) =>
        draftInvoice(
          state,
          { ...confirmed, title: confirmed.offering.title, startsAt: confirmed.offering.startsAt },
          confirmed.vat,
          randomUUID(),
          clock(),
        ),
      ),

    voidFor: (tx: Tx, registrationId: string) => decide(tx, registrationId, (state) => voidDraft(state, 'registration cancelled', clock())),

    async list(filter: { registrationId?: string; municipalityId?: string }, principal: Principal): Promise<Invoice[]> {
      const municipalityId = principal.kind === 'municipality' ? principal.municipalityId : filter.municipalityId;
      const rows = await db.invoice.findMany({
        where: { registrationId: filter.registrationId, municipalityId },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      return rows.map(toDto);
    },

    async upsertCustomer(input: CustomerInput) {
      if (input.leitwegId && !isValidLeitwegId(input.leitwegId)) {
        throw new AppError(400, 'invalid-leitweg-id', 'leitwegId: the check digits or the format are wrong (ISO 7064 Mod 97-10)', {
          errors: [{ field: 'leitwegId', detail: 'invalid check digits or format' }],
        });
      }
      const data = {
        name: input.name,
        invoiceEmail: input.invoiceEmail,
        leitwegId: input.leitwegId,
        billingAddress: input.billingAddress,
        updatedAt: clock(),
      };
      const row = await db.customer.upsert({ where: { id: input.id }, create: { id: input.id, ...data }, update: data });
      return { ...input, createdAt: row.createdAt.toISOString() };
    },
  };
}
export type InvoicingService = ReturnType<typeof invoicingService>;

function toDto(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    registrationId: row.registrationId,
    offeringId: row.offeringId,
    municipalityId: row.municipalityId,
    status: row.status as Invoice['status'],
    total: { amountCents: row.totalCents, currency: 'EUR' },
    vat: row.vat as Invoice['vat'],
    createdAt: row.createdAt.toISOString(),
  };
}
