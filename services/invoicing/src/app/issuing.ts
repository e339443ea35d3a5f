import { Rejected, type Rejection, reject } from '@seminarwerk/decider';
import { type CommandMetadata, enqueue, prismaSql, type Recorded, retryOnConflict } from '@seminarwerk/postgres';
import type { Institute } from '../config.ts';
import type { Db, Tx } from '../db.ts';
import type { InvoiceDocument } from '../documents/model.ts';
import { type ValidationReport, ValidatorUnavailable, type XRechnungValidator } from '../documents/validator.ts';
import { billable, type Customer } from '../domain/customer.ts';
import { type BillableLine, invoiceDocument, issuedLines, totalsOf } from '../domain/document.ts';
import type { BuyerSnapshot, CreditNoteFacts, HoldReason, Invoice, InvoiceIssued, ValidationSnapshot } from '../domain/invoice.ts';
import { issuedMessage } from '../messaging/public-events.ts';
import { customerOf } from './customers.ts';
import { renderedDocuments, storeDocuments } from './documents.ts';
import { type DraftBook, type HeldLocks, lockPlan, type SlotDrafts } from './drafts.ts';
import { linesOf, planFor, positionsToLock, sameMembers } from './issuing-plan.ts';
import { Locks } from './locks.ts';
import { nextNumber } from './numbers.ts';
import { berlinDay } from './rows.ts';
import type { InvoicingStreams } from './streams.ts';

/** What issuing needs from outside: the renderers, the validator, the institute and the clock. */
export interface IssuingDeps {
  streams: InvoicingStreams;
  drafts: DraftBook;
  institute: Institute;
  validator: XRechnungValidator;
  render: { xrechnung(document: InvoiceDocument): string; pdf(document: InvoiceDocument): Promise<Uint8Array> };
  clock: () => Date;
}

export type IssueOutcome =
  | { kind: 'issued'; invoiceId: string; number: string; grossCents: number; lines: number }
  | { kind: 'already-issued'; invoiceId: string }
  | { kind: 'held'; invoiceId: string; reason: HoldReason; detail: string };

/** Work that runs first in the issuing transaction and names what to issue, with the locks it holds. */
export type Preparation = (tx: Tx) => Promise<{ invoiceId: string; held?: HeldLocks }>;

/** The validator found errors: the transaction rolls back (the number with it) and the invoice is held. */
class DocumentInvalid extends Error {
  constructor(readonly report: ValidationReport) {
    super('the XRechnung failed validation');
  }
}

/** Issuing waits for the number counter behind other issuers, and validates inside: give it time. */
const ISSUING_TRANSACTION = { timeout: 120_000, maxWait: 60_000 };

/**
 * Issuing one invoice or credit note, in one transaction: lock it (issued already: answered unchanged), check
 * the buyer (none, or no valid Leitweg-ID: held, nothing sent), lock its positions, build the document, take
 * the next gap-free number, render and validate the XML with the real validator, render the PDF, store both,
 * record `issued` and publish it with the documents. An invalid XML rolls all of it back, number included,
 * and is then recorded as held with the validator's messages; an unreachable validator records nothing.
 */
export function issuing(db: Db, deps: IssuingDeps) {
  const { streams, drafts, institute, clock } = deps;
  const transact = <T>(work: (tx: Tx) => Promise<T>) => retryOnConflict(() => db.$transaction(work, ISSUING_TRANSACTION));

  /**
   * Issues `target`: an invoice id, or work that prepares one in the same transaction and says which (a
   * Stornorechnung drafted by a cancellation), with the locks it took. Both transactions run it again.
   */
  async function issue(target: string | Preparation, metadata: CommandMetadata): Promise<IssueOutcome> {
    const prepare: Preparation = typeof target === 'string' ? async () => ({ invoiceId: target }) : target;
    try {
      return await transact(async (tx) => {
        const { invoiceId, held } = await prepare(tx);
        return issueIn(tx, invoiceId, metadata, held);
      });
    } catch (error) {
      if (error instanceof DocumentInvalid) {
        return transact(async (tx) => {
          const { invoiceId, held } = await prepare(tx);
          return holdInvalid(tx, invoiceId, error.report, metadata, held);
        });
      }
      if (error instanceof ValidatorUnavailable) throw new Rejected(validatorUnavailable());
      throw error;
    }
  }

  async function issueIn(tx: Tx, invoiceId: string, metadata: CommandMetadata, held?: HeldLocks): Promise<IssueOutcome> {
    const plan = await planFor(tx, invoiceId);
    const { locks, slotDrafts } = await lockPlan(tx, plan, held);
    const state = await streams.invoice(tx, locks, invoiceId);
    if (state.status === 'none') throw new Rejected(notFound());
    if (state.status === 'issued' || state.status === 'partially-paid' || state.status === 'paid')
      return { kind: 'already-issued', invoiceId };
    if (state.status !== 'draft' && state.status !== 'held') {
      throw new Rejected(reject('not-issuable', `The invoice is ${state.status}: it cannot be issued`));
    }
    if (!sameMembers(plan.positions, await positionsToLock(tx, state))) Locks.replan(`invoice ${invoiceId}`);

    const buyer = state.creditNote ? { buyer: state.creditNote.buyer, paymentTermsDays: 0 } : await buyerOf(tx, state.municipalityId);
    if ('reason' in buyer) {
      await streams.decideInvoice(tx, locks, invoiceId, { type: 'Hold', ...buyer, validation: null, now: clock() }, metadata);
      return { kind: 'held', invoiceId, reason: buyer.reason, detail: buyer.detail };
    }
    const lines = state.creditNote ? state.creditNote.lines : await linesOf(streams, tx, locks, invoiceId, plan.positions);
    if (lines.length === 0) throw new Rejected(reject('not-issuable', 'The invoice has no lines'));

    const issueDate = berlinDay(clock());
    const series = state.type === 'invoice' ? institute.series.invoice : institute.series.creditNote;
    const number = await nextNumber(tx, locks, series, Number(issueDate.slice(0, 4)));
    const document = documentFor(state.type, state.creditNote, number, issueDate, buyer.buyer, buyer.paymentTermsDays, lines);
    const xml = deps.render.xrechnung(document);
    const report = await deps.validator.validate(xml);
    const validation = snapshot(report);
    if (!report.valid) throw new DocumentInvalid(report);
    const documents = renderedDocuments(number, xml, await deps.render.pdf(document));
    await storeDocuments(tx, invoiceId, documents);

    const now = clock();
    for (const registrationId of plan.positions) {
      if (state.type === 'invoice')
        await streams.decidePosition(tx, locks, registrationId, { type: 'MarkInvoiced', invoiceId, now }, metadata);
    }
    const totals = totalsOf(lines);
    const { recorded, state: issued } = await streams.decideInvoice(
      tx,
      locks,
      invoiceId,
      {
        type: 'Issue',
        number,
        issueDate,
        dueDate: document.dueDate,
        buyer: buyer.buyer,
        lines: issuedLines(lines),
        totals,
        purchaseOrderReference: document.purchaseOrderReference,
        validation,
        documents: documents.map(({ content: _, ...facts }) => facts),
        now,
      },
      metadata,
    );
    await enqueue(prismaSql(tx), [issuedMessage(recorded[0] as Recorded<InvoiceIssued>, issued as Invoice, documents)]);
    if (state.creditNote?.purpose === 'cancellation') await completeCancellation(tx, locks, slotDrafts, state, number, metadata);
    return { kind: 'issued', invoiceId, number, grossCents: totals.grossCents, lines: lines.length };
  }

  async function buyerOf(
    tx: Tx | Db,
    municipalityId: string,
  ): Promise<{ buyer: BuyerSnapshot; paymentTermsDays: number } | { reason: HoldReason; detail: string }> {
    const customer: Customer | null = await customerOf(tx, municipalityId);
    const problem = billable(customer);
    if (problem || customer === null || customer.leitwegId === null)
      return problem ?? { reason: 'missing-customer', detail: 'no customer' };
    return {
      buyer: {
        name: customer.name,
        leitwegId: customer.leitwegId,
        invoiceEmail: customer.invoiceEmail,
        address: customer.billingAddress,
        supplierNumber: customer.supplierNumber,
      },
      paymentTermsDays: customer.paymentTermsDays,
    };
  }

  function documentFor(
    kind: Invoice['type'],
    creditNote: CreditNoteFacts | null,
    number: string,
    issueDate: string,
    buyer: BuyerSnapshot,
    paymentTermsDays: number,
    lines: readonly BillableLine[],
  ): InvoiceDocument {
    const preceding = creditNote?.precedingInvoice ?? null;
    return invoiceDocument({
      kind,
      number,
      issueDate,
      paymentTermsDays,
      seller: institute.seller,
      account: institute.account,
      buyer: {
        name: buyer.name,
        department: buyer.address.department || null,
        street: buyer.address.street,
        postalCode: buyer.address.postalCode,
        city: buyer.address.city,
        country: buyer.address.country,
        leitwegId: buyer.leitwegId,
        supplierNumber: buyer.supplierNumber,
      },
      lines,
      precedingInvoice: preceding ? { number: preceding.number, issueDate: preceding.issueDate } : null,
      reason: creditNote?.reason ?? null,
    });
  }

  /**
   * The Stornorechnung of a whole invoice is issued: the invoice is cancelled, and its positions go on new
   * drafts with what they owe now (a correction is a Stornorechnung plus, where needed, a new invoice).
   */
  async function completeCancellation(
    tx: Tx,
    locks: Locks,
    slotDrafts: SlotDrafts,
    creditNote: Invoice,
    number: string,
    metadata: CommandMetadata,
  ): Promise<void> {
    const credit = creditNote.creditNote!;
    const now = clock();
    await streams.decideInvoice(
      tx,
      locks,
      credit.precedingInvoice.invoiceId,
      { type: 'MarkCancelled', creditNoteId: creditNote.invoiceId, creditNoteNumber: number, reason: credit.reason, now },
      metadata,
    );
    const waiting = await tx.position.findMany({
      where: { invoiceId: credit.precedingInvoice.invoiceId, status: 'crediting' },
      orderBy: { registrationId: 'asc' },
    });
    for (const row of waiting) {
      const position = await streams.position(tx, locks, row.registrationId);
      if (position.status !== 'crediting' || position.creditNoteId !== creditNote.invoiceId) continue;
      const draftId = position.owed
        ? await drafts.draftFor(
            tx,
            locks,
            slotDrafts,
            { billing: position.facts.billing, facts: position.facts, charge: position.owed },
            metadata,
          )
        : null;
      await streams.decidePosition(
        tx,
        locks,
        row.registrationId,
        { type: 'CompleteCredit', creditNoteId: creditNote.invoiceId, draftId, now },
        metadata,
      );
    }
  }

  async function holdInvalid(
    tx: Tx,
    invoiceId: string,
    report: ValidationReport,
    metadata: CommandMetadata,
    held?: HeldLocks,
  ): Promise<IssueOutcome> {
    const locks = held?.locks ?? new Locks(tx);
    await locks.invoices([invoiceId]);
    const state = await streams.invoice(tx, locks, invoiceId);
    if (state.status === 'none') throw new Rejected(notFound());
    if (state.status !== 'draft' && state.status !== 'held') return { kind: 'already-issued', invoiceId };
    const errors = report.messages.filter((m) => m.severity === 'error');
    const detail = `The XRechnung failed validation: ${errors.map((m) => `${m.rule}: ${m.text}`).join('; ')}`.slice(0, 2000);
    await streams.decideInvoice(
      tx,
      locks,
      invoiceId,
      { type: 'Hold', reason: 'validation-failed', detail, validation: snapshot(report), now: clock() },
      metadata,
    );
    return { kind: 'held', invoiceId, reason: 'validation-failed', detail };
  }

  function snapshot(report: ValidationReport): ValidationSnapshot {
    return {
      result: report.valid ? 'valid' : 'invalid',
      validator: report.validator,
      validatedAt: clock().toISOString(),
      messages: report.messages,
    };
  }

  return { issue, transact, documentFor, buyerOf, snapshot };
}
export type Issuing = ReturnType<typeof issuing>;

const notFound = (): Rejection<'invoice-not-found'> => reject('invoice-not-found', 'There is no invoice with this id');

export const validatorUnavailable = (): Rejection<'validator-unavailable'> =>
  reject('validator-unavailable', 'The XRechnung validator cannot be reached; nothing was issued. Try again later.');
