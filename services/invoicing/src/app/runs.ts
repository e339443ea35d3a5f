import type { InvoiceRunResult } from '@seminarwerk/contracts/api';
import { isRejection, Rejected } from '@seminarwerk/decider';
import type { CommandMetadata } from '@seminarwerk/postgres';
import type { Institute } from '../config.ts';
import type { Db } from '../db.ts';
import type { XRechnungValidator } from '../documents/validator.ts';
import { ValidatorUnavailable } from '../documents/validator.ts';
import { lastDayOfMonth } from '../domain/calendar.ts';
import type { BillableLine, IssuedLine } from '../domain/document.ts';
import { totalsOf } from '../domain/document.ts';
import type { BuyerSnapshot, CreditNoteFacts, CreditPurpose } from '../domain/invoice.ts';
import type { Invoice as InvoiceRow, Position as PositionRow } from '../generated/prisma/client.ts';
import type { IssueOutcome, Issuing, IssuingDeps } from './issuing.ts';
import { billableLine } from './queries.ts';
import { berlinDay, dayOf } from './rows.ts';

export interface RunInput {
  upTo: string;
  municipalityId?: string | undefined;
  dryRun: boolean;
}

type Skipped = InvoiceRunResult['skipped'][number];

interface Candidate {
  invoice: InvoiceRow;
  /** The open positions of a draft (none for credit notes). */
  positions: PositionRow[];
}

/**
 * An invoice run: every draft whose seminars started on or before `upTo` is issued by its billing mode, each
 * in its own transaction through the one issuing path. Per-registration drafts of seminars that started by
 * then; collective drafts whose whole month lies on or before it; held invoices again; draft credit notes
 * always. Two runs at once meet on each draft's lock: the second finds it issued and reports it skipped.
 * A dry run selects and checks the same (customer, Leitweg-ID, validation of the XML without a number) and
 * writes nothing.
 */
export function invoiceRuns(
  db: Db,
  deps: { issuing: Issuing; validator: XRechnungValidator; institute: Institute; render: IssuingDeps['render']; clock: () => Date },
) {
  const { issuing } = deps;

  async function candidates(input: RunInput): Promise<{ due: Candidate[]; skipped: Skipped[] }> {
    const unissued = await db.invoice.findMany({
      where: { status: { in: ['draft', 'held'] }, ...(input.municipalityId ? { municipalityId: input.municipalityId } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const positions = await db.position.findMany({
      where: { status: 'open', invoiceId: { in: unissued.map((i) => i.id) } },
      orderBy: [{ serviceDate: 'asc' }, { registrationId: 'asc' }],
    });
    const due: Candidate[] = [];
    const skipped: Skipped[] = [];
    for (const invoice of unissued) {
      const own = positions.filter((p) => p.invoiceId === invoice.id);
      if (invoice.type === 'credit-note') {
        due.push({ invoice, positions: [] });
        continue;
      }
      const started = own.filter((p) => dayOf(p.serviceDate) <= input.upTo);
      if (started.length === 0) continue;
      if (invoice.billing === 'collective-monthly' && invoice.period && lastDayOfMonth(invoice.period) > input.upTo) {
        for (const p of started) {
          skipped.push({
            registrationId: p.registrationId,
            invoiceId: invoice.id,
            reason: 'month-not-over',
            detail: `Billed on the collective invoice for ${invoice.period}, issued once the month is over (a run up to ${lastDayOfMonth(invoice.period)} or later)`,
          });
        }
        continue;
      }
      due.push({ invoice, positions: own });
    }
    // Credit notes first: the municipality gets the Stornorechnung before a new invoice for the same seminar.
    due.sort((a, b) => (a.invoice.type === b.invoice.type ? 0 : a.invoice.type === 'credit-note' ? -1 : 1));
    return { due, skipped };
  }

  async function run(input: RunInput, metadata: CommandMetadata): Promise<InvoiceRunResult> {
    const { due, skipped } = await candidates(input);
    const result: InvoiceRunResult = { dryRun: input.dryRun, upTo: input.upTo, issued: [], held: [], skipped };
    let unavailable = false;
    for (const candidate of due) {
      const { invoice } = candidate;
      if (unavailable) {
        result.skipped.push(
          ...skippedAll(candidate, 'validator-unavailable', 'The XRechnung validator could not be reached; run again later'),
        );
        continue;
      }
      try {
        const outcome = input.dryRun ? await preview(candidate) : await issuing.issue(invoice.id, metadata);
        record(result, candidate, outcome);
      } catch (error) {
        const validatorDown =
          error instanceof ValidatorUnavailable || (error instanceof Rejected && error.rejection.code === 'validator-unavailable');
        if (validatorDown) {
          unavailable = true;
          result.skipped.push(
            ...skippedAll(candidate, 'validator-unavailable', 'The XRechnung validator could not be reached; run again later'),
          );
          continue;
        }
        // Voided or cancelled between selecting and locking it: nothing left to bill.
        if (error instanceof Rejected && isRejection(error.rejection) && error.rejection.code === 'not-issuable') continue;
        throw error;
      }
    }
    return result;
  }

  function record(result: InvoiceRunResult, candidate: Candidate, outcome: IssueOutcome | Preview): void {
    const { invoice } = candidate;
    switch (outcome.kind) {
      case 'issued':
        result.issued.push({
          id: invoice.id,
          number: outcome.number,
          municipalityId: invoice.municipalityId,
          grossCents: outcome.grossCents,
          lines: outcome.lines,
        });
        return;
      case 'would-issue':
        result.issued.push({
          id: invoice.id,
          number: null,
          municipalityId: invoice.municipalityId,
          grossCents: outcome.grossCents,
          lines: outcome.lines,
        });
        return;
      case 'held':
        result.held.push({ id: invoice.id, municipalityId: invoice.municipalityId, reason: outcome.reason, detail: outcome.detail });
        return;
      case 'already-issued':
        // Another run (or a single issue) was first: its positions are on that invoice, not on one of ours.
        result.skipped.push(...skippedAll(candidate, 'already-issued', 'Issued meanwhile by another run or request'));
        return;
    }
  }

  /** The same selection and checks as issuing, without a lock, a number or a write. */
  async function preview({ invoice, positions }: Candidate): Promise<Preview> {
    const creditNote = creditNoteOf(invoice);
    const buyer = creditNote ? { buyer: creditNote.buyer, paymentTermsDays: 0 } : await issuing.buyerOf(db, invoice.municipalityId);
    if ('reason' in buyer) return { kind: 'held', invoiceId: invoice.id, reason: buyer.reason, detail: buyer.detail };
    const lines: readonly BillableLine[] = creditNote ? creditNote.lines : positions.map(billableLine);
    const issueDate = berlinDay(deps.clock());
    const series = invoice.type === 'invoice' ? deps.institute.series.invoice : deps.institute.series.creditNote;
    const document = issuing.documentFor(
      creditNote ? 'credit-note' : 'invoice',
      creditNote,
      `${series}-${issueDate.slice(0, 4)}-00000`,
      issueDate,
      buyer.buyer,
      buyer.paymentTermsDays,
      lines,
    );
    const report = await deps.validator.validate(deps.render.xrechnung(document));
    if (!report.valid) {
      const errors = report.messages.filter((m) => m.severity === 'error').map((m) => `${m.rule}: ${m.text}`);
      return {
        kind: 'held',
        invoiceId: invoice.id,
        reason: 'validation-failed',
        detail: `The XRechnung would fail validation: ${errors.join('; ')}`.slice(0, 2000),
      };
    }
    return { kind: 'would-issue', invoiceId: invoice.id, grossCents: totalsOf(lines).grossCents, lines: lines.length };
  }

  return { run };
}
export type InvoiceRuns = ReturnType<typeof invoiceRuns>;

type Preview =
  | Exclude<IssueOutcome, { kind: 'issued' | 'already-issued' }>
  | { kind: 'would-issue'; invoiceId: string; grossCents: number; lines: number };

function skippedAll({ invoice, positions }: Candidate, reason: string, detail: string): Skipped[] {
  const registrations =
    positions.length > 0
      ? positions.map((p) => p.registrationId)
      : ((invoice.lines ?? []) as unknown as IssuedLine[]).map((l) => l.registrationId);
  return registrations.map((registrationId) => ({ registrationId, invoiceId: invoice.id, reason, detail }));
}

/** A credit note as its read model row keeps it (lines, buyer and preceding invoice are fixed when drafted). */
function creditNoteOf(row: InvoiceRow): CreditNoteFacts | null {
  if (row.type !== 'credit-note' || !row.precedingInvoiceId || !row.precedingNumber || !row.precedingIssueDate) return null;
  return {
    purpose: row.creditPurpose as CreditPurpose,
    precedingInvoice: { invoiceId: row.precedingInvoiceId, number: row.precedingNumber, issueDate: dayOf(row.precedingIssueDate) },
    buyer: row.buyer as unknown as BuyerSnapshot,
    lines: (row.lines ?? []) as unknown as IssuedLine[],
    reason: row.reason ?? '',
  };
}
