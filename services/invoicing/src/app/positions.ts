import type { InvoicePosition, InvoicePositionQuery } from '@seminarwerk/contracts/api';
import { decodeCursor, encodeCursor } from '@seminarwerk/http';
import type { Db } from '../db.ts';
import { addDays, lastDayOfMonth, monthOf } from '../domain/calendar.ts';
import { billable } from '../domain/customer.ts';
import type { Position as PositionRow, Prisma } from '../generated/prisma/client.ts';
import { toCustomer } from './customers.ts';
import { berlinDay, day, dayOf } from './rows.ts';

type Waiting = InvoicePosition['waitingFor'][number];

/** What a run up to `today` needs of a position (runs.ts, issuing.ts): facts read once per request. */
interface Readiness {
  today: string;
  /** Collective positions of months whose last day is on or before today. */
  collectiveUpTo: string;
  /** Why each customer cannot be billed; absent: it can. */
  unbillable: Map<string, Waiting>;
  billable: Set<string>;
  /** Drafts held because their XRechnung failed validation: a run tries them again, and they fail again until fixed. */
  heldDrafts: Set<string>;
}

/**
 * The positions not yet invoiced (lines of drafts that owe something), each `ready` when an invoice run up to today
 * would bill it and otherwise `waiting` with every reason: the date has not started, its collective month is not over,
 * the customer is missing or has no valid Leitweg-ID, its draft is held after a failed validation. The same rules as
 * the run, stated twice: as a filter (so `status` pages in SQL) and per row (the reasons); the tests hold them together.
 */
export function invoicePositions(db: Db, clock: () => Date = () => new Date()) {
  async function readiness(): Promise<Readiness> {
    const today = berlinDay(clock());
    const month = monthOf(today);
    const customers = await db.customer.findMany();
    const unbillable = new Map<string, Waiting>();
    for (const row of customers) {
      const problem = billable(toCustomer(row));
      if (problem) unbillable.set(row.id, problem);
    }
    const held = await db.invoice.findMany({ where: { status: 'held', holdReason: 'validation-failed' }, select: { id: true } });
    return {
      today,
      collectiveUpTo: lastDayOfMonth(month) === today ? today : addDays(`${month}-01`, -1),
      unbillable,
      billable: new Set(customers.filter((c) => !unbillable.has(c.id)).map((c) => c.id)),
      heldDrafts: new Set(held.map((i) => i.id)),
    };
  }

  function readyWhere(r: Readiness): Prisma.PositionWhereInput {
    return {
      serviceDate: { lte: day(r.today) },
      OR: [{ billing: 'per-registration' }, { serviceDate: { lte: day(r.collectiveUpTo) } }],
      municipalityId: { in: [...r.billable] },
      invoiceId: { notIn: [...r.heldDrafts] },
    };
  }

  function waitingFor(p: PositionRow, r: Readiness): Waiting[] {
    const serviceDate = dayOf(p.serviceDate);
    const period = monthOf(serviceDate);
    const reasons: Waiting[] = [];
    if (serviceDate > r.today) {
      reasons.push({ reason: 'not-started', detail: `The date starts on ${serviceDate}; a run from that day on bills it` });
    }
    if (p.billing === 'collective-monthly' && lastDayOfMonth(period) > r.today) {
      reasons.push({ reason: 'month-not-over', detail: `On the collective invoice for ${period}, issued once the month is over` });
    }
    if (!r.billable.has(p.municipalityId)) reasons.push(r.unbillable.get(p.municipalityId) ?? (billable(null) as Waiting));
    if (p.invoiceId && r.heldDrafts.has(p.invoiceId)) {
      reasons.push({
        reason: 'validation-failed',
        detail: 'Its draft is held: the XRechnung failed validation (see the invoice’s `validation`)',
      });
    }
    return reasons;
  }

  return {
    async list(query: InvoicePositionQuery): Promise<{ items: InvoicePosition[]; nextCursor: string | null }> {
      const r = await readiness();
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const ready = readyWhere(r);
      const rows = await db.position.findMany({
        where: {
          AND: [
            { status: 'open', owedKind: { not: null }, municipalityId: query.municipalityId, offeringId: query.offeringId },
            query.status === 'ready' ? ready : query.status === 'waiting' ? { NOT: ready } : {},
            // Keyset over (serviceDate, registrationId): the dates in order, stable while positions are added.
            after ? { OR: [{ serviceDate: { gt: after.at } }, { serviceDate: after.at, registrationId: { gt: after.id } }] } : {},
          ],
        },
        orderBy: [{ serviceDate: 'asc' }, { registrationId: 'asc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map((p) => toResource(p, waitingFor(p, r))),
        nextCursor: last && rows.length > query.limit ? encodeCursor({ at: last.serviceDate, id: last.registrationId }) : null,
      };
    },
  };
}
export type InvoicePositions = ReturnType<typeof invoicePositions>;

function toResource(p: PositionRow, waitingFor: Waiting[]): InvoicePosition {
  return {
    registrationId: p.registrationId,
    municipalityId: p.municipalityId,
    offeringId: p.offeringId,
    title: p.title,
    serviceDate: dayOf(p.serviceDate),
    participant: p.participant,
    // The CHECK constraints hold these to their lists; `owedKind` is not null by the query.
    kind: p.owedKind as InvoicePosition['kind'],
    feePercent: p.owedPercent ?? 100,
    netCents: p.owedCents ?? 0,
    vat: p.vat as InvoicePosition['vat'],
    billing: p.billing as InvoicePosition['billing'],
    draftId: p.invoiceId as string,
    status: waitingFor.length === 0 ? 'ready' : 'waiting',
    waitingFor,
  };
}
