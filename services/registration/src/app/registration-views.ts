import type { Registration, RegistrationQuery } from '@seminarwerk/contracts/api';
import { Rejected } from '@seminarwerk/decider';
import { decodeCursor, decodeTextCursor, encodeCursor, encodeTextCursor, type Principal, validationError } from '@seminarwerk/http';
import type { Db } from '../db.ts';
import { reject } from '../domain/commands.ts';
import { type KnownOffering, type Offering, waitlistPosition } from '../domain/offering.ts';
import type { Prisma, Registration as RegistrationRow } from '../generated/prisma/client.ts';

/** What partners and the back office read: each partner sees only its own municipality's registrations. */
export function registrationViews(db: Db) {
  function toDto(row: RegistrationRow, position: number | undefined): Registration {
    return {
      id: row.id,
      offeringId: row.offeringId,
      status: row.status as Registration['status'],
      ...(row.status === 'waitlisted' && position ? { waitlistPosition: position } : {}),
      participant: row.erasedAt ? { erased: true } : { firstName: row.firstName, lastName: row.lastName, email: row.email },
      municipalityId: row.municipalityId,
      purchaseOrderReference: row.purchaseOrderReference,
      ...(row.attended !== null ? { attended: row.attended } : {}),
      ...(row.cancellation ? { cancellation: row.cancellation as Registration['cancellation'] } : {}),
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** Positions are counted at read time from the waiting order, so they never go stale. */
  async function positions(rows: RegistrationRow[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    const offerings = new Set(rows.filter((r) => r.status === 'waitlisted').map((r) => r.offeringId));
    for (const offeringId of offerings) {
      const line = await db.registration.findMany({
        where: { offeringId, status: 'waitlisted' },
        orderBy: { waitlistSeq: 'asc' },
        select: { id: true },
      });
      for (const [i, r] of line.entries()) result.set(r.id, i + 1);
    }
    return result;
  }

  function visibleWhere(query: RegistrationQuery, principal: Principal): Prisma.RegistrationWhereInput {
    return {
      offeringId: query.offeringId,
      status: query.status,
      email: query.email ? { equals: query.email, mode: 'insensitive' } : undefined,
      municipalityId: principal.kind === 'municipality' ? principal.municipalityId : query.municipalityId,
    };
  }

  /**
   * The waiting list of one offering, head first, each with its position. Paged by the waiting order (`waitlistSeq`),
   * carried in the text cursor's sort key. A partner's positions are those on the whole list, not within its own.
   */
  async function waitingList(query: RegistrationQuery, principal: Principal) {
    const after = query.cursor ? decodeTextCursor(query.cursor) : undefined;
    const afterSeq = after ? Number(after.after) : undefined;
    if (afterSeq !== undefined && !Number.isSafeInteger(afterSeq)) {
      throw validationError([{ path: ['cursor'], message: 'is not a cursor of this waiting list' }], 'query');
    }
    const rows = await db.registration.findMany({
      where: { ...visibleWhere(query, principal), ...(afterSeq !== undefined ? { waitlistSeq: { gt: afterSeq } } : {}) },
      orderBy: [{ waitlistSeq: 'asc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const waiting = await positions(page);
    return {
      items: page.map((row) => toDto(row, waiting.get(row.id))),
      nextCursor: last && rows.length > query.limit ? encodeTextCursor({ after: String(last.waitlistSeq), id: last.id }) : null,
    };
  }

  return {
    async findVisible(id: string, principal: Principal): Promise<RegistrationRow> {
      const row = await db.registration.findUnique({ where: { id } });
      // Another municipality's registration does not exist for a partner.
      if (!row || (principal.kind === 'municipality' && row.municipalityId !== principal.municipalityId)) {
        throw new Rejected(reject('registration-not-found', 'There is no registration with this id'));
      }
      return row;
    },

    /** A registration just decided, answered from the decision's state without reading it back. */
    fromDecision(registrationId: string, state: KnownOffering, recordedAt: Date): Registration | undefined {
      const seat = state.registrations.get(registrationId);
      if (!seat || seat.status === 'cancelled') return undefined;
      const at = recordedAt.toISOString();
      const position = waitlistPosition(state, registrationId);
      return {
        id: registrationId,
        offeringId: state.terms.offeringId,
        status: seat.status,
        ...(position ? { waitlistPosition: position } : {}),
        participant: seat.participant,
        municipalityId: seat.municipalityId,
        purchaseOrderReference: seat.purchaseOrderReference ?? null,
        createdAt: at,
        updatedAt: at,
      };
    },

    async view(row: RegistrationRow, state?: Offering): Promise<Registration> {
      return toDto(row, state ? waitlistPosition(state, row.id) : (await positions([row])).get(row.id));
    },

    async list(query: RegistrationQuery, principal: Principal): Promise<{ items: Registration[]; nextCursor: string | null }> {
      // One offering's waiting list is read in its order (the app shows it so); everything else in booking order.
      if (query.offeringId && query.status === 'waitlisted') return waitingList(query, principal);
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await db.registration.findMany({
        where: {
          ...visibleWhere(query, principal),
          // Keyset over (createdAt, id): stable while registrations are added.
          ...(after ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] } : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const waiting = await positions(page);
      return {
        items: page.map((row) => toDto(row, waiting.get(row.id))),
        nextCursor: last && rows.length > query.limit ? encodeCursor({ at: last.createdAt, id: last.id }) : null,
      };
    },
  };
}
export type RegistrationViews = ReturnType<typeof registrationViews>;
