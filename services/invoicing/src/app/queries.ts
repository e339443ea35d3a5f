import type { InvoiceLine, InvoicePage, InvoiceQuery, Invoice as InvoiceResource } from '@seminarwerk/contracts/api';
import { Rejected, reject } from '@seminarwerk/decider';
import { decodeCursor, encodeCursor, type Principal } from '@seminarwerk/http';
import type { Db } from '../db.ts';
import type { BillingAddress, BillingMode } from '../domain/customer.ts';
import { type BillableLine, commonPurchaseOrderReference, type IssuedLine, issuedLines, totalsOf } from '../domain/document.ts';
import type { BuyerSnapshot, HoldReason, InvoiceStatus, InvoiceType, ValidationSnapshot } from '../domain/invoice.ts';
import { vatCategory } from '../domain/money.ts';
import type { Customer as CustomerRow, Invoice as InvoiceRow, Position as PositionRow, Prisma } from '../generated/prisma/client.ts';
import { berlinDay, dayOf } from './rows.ts';

const notFound = () => new Rejected(reject('invoice-not-found', 'There is no invoice with this id'));

/**
 * What the back office and partners read. A partner sees its own municipality's invoices only: anything else
 * answers as if it did not exist. Drafts show their positions as lines and the customer as it is now; issued
 * invoices and credit notes what their documents say.
 */
export function invoiceQueries(db: Db, clock: () => Date) {
  async function list(query: InvoiceQuery, principal: Principal): Promise<InvoicePage> {
    const municipalityId = principal.kind === 'municipality' ? principal.municipalityId : query.municipalityId;
    const where: Prisma.InvoiceWhereInput[] = [];
    if (municipalityId) where.push({ municipalityId });
    if (query.status) where.push({ status: query.status });
    if (query.type) where.push({ type: query.type });
    if (query.registrationId) where.push({ id: { in: await invoicesWithLine('registrationId', query.registrationId) } });
    if (query.offeringId) where.push({ id: { in: await invoicesWithLine('offeringId', query.offeringId) } });
    if (query.overdue) {
      const overdue: Prisma.InvoiceWhereInput = {
        status: { in: ['issued', 'partially-paid'] },
        dueDate: { lt: new Date(`${berlinDay(clock())}T00:00:00Z`) },
      };
      where.push(query.overdue === 'true' ? overdue : { NOT: overdue });
    }
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      where.push({ OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] });
    }
    const rows = await db.invoice.findMany({
      where: { AND: where },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: await resources(page),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
    };
  }

  /**
   * Invoices with a line for a registration or offering: drafts through their positions, issued ones and credit
   * notes by their lines, and per-registration drafts (voided ones too) by the registration they were opened for.
   */
  async function invoicesWithLine(field: 'registrationId' | 'offeringId', value: string): Promise<string[]> {
    const column = field === 'registrationId' ? 'registration_id' : 'offering_id';
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM invoices WHERE lines @> jsonb_build_array(jsonb_build_object($1::text, $2::text))
       UNION SELECT invoice_id::text FROM positions WHERE ${column} = $2::uuid AND status = 'open'
       UNION SELECT id::text FROM invoices WHERE ${column} = $2::uuid`,
      field,
      value,
    );
    return rows.map((r) => r.id);
  }

  async function visibleRow(id: string, principal: Principal): Promise<InvoiceRow> {
    const row = await db.invoice.findUnique({ where: { id } });
    if (!row || (principal.kind === 'municipality' && row.municipalityId !== principal.municipalityId)) throw notFound();
    return row;
  }

  async function get(id: string, principal: Principal): Promise<InvoiceResource> {
    const [resource] = await resources([await visibleRow(id, principal)]);
    return resource!;
  }

  /** The XML or PDF exactly as issued; drafts and held invoices have none, nor do invoices past their retention. */
  async function document(id: string, kind: 'xrechnung' | 'pdf', principal: Principal) {
    const row = await visibleRow(id, principal);
    const stored = await db.invoiceDocument.findUnique({ where: { invoiceId_kind: { invoiceId: id, kind } } });
    if (!stored) {
      const detail = row.number
        ? 'Its documents were deleted when their retention period ended'
        : 'This invoice has no documents: it is not issued';
      throw new Rejected(reject('documents-not-available', detail));
    }
    return stored;
  }

  async function resources(rows: readonly InvoiceRow[]): Promise<InvoiceResource[]> {
    const ids = rows.map((r) => r.id);
    const unissued = rows.filter((r) => r.type === 'invoice' && r.number === null).map((r) => r.id);
    const [positions, payments, customers] = await Promise.all([
      db.position.findMany({ where: { invoiceId: { in: unissued }, status: 'open' } }),
      db.invoicePayment.findMany({ where: { invoiceId: { in: ids } }, orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] }),
      db.customer.findMany({ where: { id: { in: [...new Set(rows.filter((r) => r.buyer === null).map((r) => r.municipalityId))] } } }),
    ]);
    return rows.map((row) =>
      resource(
        row,
        positions.filter((p) => p.invoiceId === row.id),
        payments.filter((p) => p.invoiceId === row.id),
        customers.find((c) => c.id === row.municipalityId) ?? null,
      ),
    );
  }

  return { list, get, document };
}
export type InvoiceQueries = ReturnType<typeof invoiceQueries>;

function resource(
  row: InvoiceRow,
  positions: readonly PositionRow[],
  payments: readonly { id: string; amountCents: number; paidOn: Date; reference: string | null; recordedAt: Date }[],
  customer: CustomerRow | null,
): InvoiceResource {
  // The CHECK constraints of `invoices` hold these columns to the domain's lists.
  const status = row.status as InvoiceStatus;
  const lines: readonly IssuedLine[] = row.lines ? (row.lines as unknown as IssuedLine[]) : issuedLines(positions.map(billableLine));
  const totals =
    row.grossCents !== null ? { netCents: row.netCents ?? 0, vatCents: row.vatCents ?? 0, grossCents: row.grossCents } : totalsOf(lines);
  const standing = status === 'issued' || status === 'partially-paid' || status === 'paid';
  const buyer = (row.buyer as unknown as BuyerSnapshot | null) ?? (customer ? buyerOf(customer) : null);
  return {
    id: row.id,
    number: row.number,
    type: row.type as InvoiceType,
    status,
    issueDate: row.issueDate ? dayOf(row.issueDate) : null,
    dueDate: row.dueDate ? dayOf(row.dueDate) : null,
    municipalityId: row.municipalityId,
    billing: row.billing as BillingMode,
    period: row.period,
    buyer: buyer && { name: buyer.name, leitwegId: buyer.leitwegId, address: { ...buyer.address }, supplierNumber: buyer.supplierNumber },
    purchaseOrderReference:
      row.number !== null ? row.purchaseOrderReference : lines.length > 0 ? commonPurchaseOrderReference(lines) : null,
    lines: lines.map(lineResource),
    totals: {
      ...totals,
      paidCents: row.paidCents,
      outstandingCents: standing && row.type === 'invoice' ? totals.grossCents - row.paidCents : 0,
      currency: 'EUR',
    },
    precedingInvoice:
      row.precedingInvoiceId && row.precedingNumber && row.precedingIssueDate
        ? { id: row.precedingInvoiceId, number: row.precedingNumber, issueDate: dayOf(row.precedingIssueDate) }
        : null,
    cancelledBy: row.cancelledById ? { id: row.cancelledById, number: row.cancelledByNumber } : null,
    hold: row.holdReason ? { reason: row.holdReason as HoldReason, detail: row.holdDetail ?? '' } : null,
    validation: row.validation ? validationResource(row.validation as unknown as ValidationSnapshot) : null,
    payments: payments.map((p) => ({
      id: p.id,
      amountCents: p.amountCents,
      paidOn: dayOf(p.paidOn),
      reference: p.reference,
      recordedAt: p.recordedAt.toISOString(),
    })),
    createdAt: row.createdAt.toISOString(),
  };
}

function lineResource(line: IssuedLine): InvoiceLine {
  return {
    registrationId: line.registrationId,
    offeringId: line.offeringId,
    kind: line.kind,
    description: line.name,
    participant: line.participant,
    serviceDate: line.serviceDate,
    feePercent: line.feePercent,
    netCents: line.netCents,
    vat: line.vat,
    vatRatePercent: vatCategory(line.vat).ratePercent,
    purchaseOrderReference: line.purchaseOrderReference,
  };
}

function validationResource(v: ValidationSnapshot) {
  return { result: v.result, validator: v.validator, validatedAt: v.validatedAt, messages: v.messages.map((m) => ({ ...m })) };
}

function buyerOf(customer: CustomerRow): BuyerSnapshot & { leitwegId: string | null } {
  return {
    name: customer.name,
    leitwegId: customer.leitwegId as string,
    invoiceEmail: customer.invoiceEmail,
    address: customer.billingAddress as unknown as BillingAddress,
    supplierNumber: customer.supplierNumber,
  };
}

export function billableLine(p: PositionRow): BillableLine {
  return {
    registrationId: p.registrationId,
    offeringId: p.offeringId,
    kind: p.owedKind as BillableLine['kind'],
    feePercent: p.owedPercent ?? 100,
    netCents: p.owedCents ?? 0,
    vat: p.vat as BillableLine['vat'],
    title: p.title,
    participant: p.participant,
    serviceDate: dayOf(p.serviceDate),
    lastDay: dayOf(p.lastDay),
    purchaseOrderReference: p.purchaseOrderReference,
  };
}
