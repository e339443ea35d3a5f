import type {
  CalendarQuery,
  CatalogueQuery,
  Offering,
  OfferingList,
  SeminarDetail,
  SeminarList,
  Session,
} from '@seminarwerk/contracts/api';
import { Rejected, type Rejection, reject } from '@seminarwerk/decider';
import { decodeCursor, encodeCursor, type Keyset } from '@seminarwerk/http';
import { writeCalendar } from '@seminarwerk/icalendar';
import { offeringEvents } from '../calendar/feed-events.ts';
import type { Db } from '../db.ts';
import { offeringNotFound, seminarNotFound } from '../domain/rejections.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { offeringJson } from './offering-json.ts';
import { toOfferingDto, toSeminarDto } from './read-model.ts';
import { seminarStreamId } from './seminar-stream.ts';

/** The JSON text of a `T`, as written by the database: answered as it is. */
export type Json<T> = string & { readonly json: T };

/** Who reads: the back office also sees drafts. */
export type Audience = 'public' | 'back-office';

/** Why a read is refused besides an unknown id (the domain's `seminar-not-found` and `offering-not-found`). */
export type ReadRejectionCode = 'forbidden';

/** At most this many offerings in the calendar feed (it has no pages). */
const CALENDAR_LIMIT = 2000;

/**
 * The German full text of a seminar. Exactly the expression of the GIN index `seminars_search_idx`
 * (migration 20261201000000_search): change both together, or the index no longer applies.
 */
const seminarDocument = Prisma.sql`to_tsvector('german'::regconfig, s."title" || ' ' || s."topic" || ' ' || s."summary" || ' ' || s."description" || ' ' || s."audience")`;

/**
 * `presse:* & kommun:*` from what a user typed: only letters and digits survive, so nothing the user
 * sends is tsquery syntax. Every word matches as a prefix of a stemmed word. `null`: no words at all.
 */
export function prefixQuery(text: string): string | null {
  const words =
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 10) ?? [];
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ');
}

type Filters = Omit<CatalogueQuery, 'limit' | 'cursor' | 'status'>;

/** Conditions on the seminar (alias `s`): search and topic. */
function seminarConditions(filters: Filters): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filters.q !== undefined && filters.q !== '') {
    const query = prefixQuery(filters.q);
    // Nothing searchable (only punctuation): nothing matches.
    conditions.push(query === null ? Prisma.sql`false` : Prisma.sql`${seminarDocument} @@ to_tsquery('german'::regconfig, ${query})`);
  }
  if (filters.topic !== undefined) conditions.push(Prisma.sql`s."topic" = ${filters.topic}`);
  return conditions;
}

/** The offering statuses the public may see: never drafts. */
type PublicStatus = 'published' | 'cancelled';
type Status = PublicStatus | 'draft';

/** Conditions on an offering (alias `o`) in one of `statuses`: days in Europe/Berlin, place, format, free seats. */
function offeringConditions(filters: Filters, statuses: readonly Status[] = ['published']): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`o."status" IN (${Prisma.join(statuses)})`];
  if (filters.from !== undefined) {
    conditions.push(Prisma.sql`o."starts_at" >= (${filters.from}::date::timestamp AT TIME ZONE 'Europe/Berlin')`);
  }
  if (filters.to !== undefined) {
    conditions.push(Prisma.sql`o."starts_at" < ((${filters.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin')`);
  }
  if (filters.city !== undefined) conditions.push(Prisma.sql`lower(o."venue_city") = lower(${filters.city})`);
  if (filters.format !== undefined) conditions.push(Prisma.sql`o."format" = ${filters.format}`);
  if (filters.freeSeats === 'true') conditions.push(Prisma.sql`o."seats_available" > 0`);
  return conditions;
}

/** Drafts are listed for the back office only. */
function mayList(status: Status, audience: Audience) {
  if (status === 'draft' && audience !== 'back-office') {
    const refusal: Rejection<ReadRejectionCode> = reject(
      'forbidden',
      'Only the back office may list drafts: send a back-office API key, or leave out status=draft',
    );
    throw new Rejected(refusal);
  }
}

const hasOfferingFilter = (f: Filters) =>
  f.from !== undefined || f.to !== undefined || f.city !== undefined || f.format !== undefined || f.freeSeats === 'true';

/** Offerings (alias `o`) after the keyset cursor, in the list's order: start time, then id. */
const after = (keyset: Keyset) => Prisma.sql`(o."starts_at", o."id") > (${keyset.at}::timestamptz, ${keyset.id}::uuid)`;

const where = (conditions: Prisma.Sql[]) => (conditions.length === 0 ? Prisma.sql`true` : Prisma.join(conditions, ' AND '));

/** Rows in the order of `ids` (a Prisma `findMany … in` does not keep it). */
function inOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function publicCatalogue(db: Db) {
  /** Ids of offerings in `statuses` (default: published) matching the filters, by start time then id. */
  async function offeringIds(filters: Filters, limit: number, statuses?: readonly Status[]) {
    const conditions = [...seminarConditions(filters), ...offeringConditions(filters, statuses)];
    return db.$queryRaw<{ id: string; starts_at: Date }[]>`
      SELECT o."id"::text AS id, o."starts_at"
        FROM "offerings" o JOIN "seminars" s ON s."id" = o."seminar_id"
       WHERE ${where(conditions)}
       ORDER BY o."starts_at", o."id"
       LIMIT ${limit}`;
  }

  async function offeringsByIds(ids: string[]) {
    const rows = await db.offering.findMany({ where: { id: { in: ids } }, include: { seminar: true } });
    return inOrder(ids, rows);
  }

  return {
    /**
     * Offerings in one status (published unless asked otherwise; drafts for the back office only), as the JSON of an
     * `OfferingList`. One query finds the page (limit + 1 rows tell whether there is more) and writes its items' JSON
     * (offering-json.ts); the list is read often, with ever other filters and cursors that no cache answers.
     */
    async listOfferings(query: CatalogueQuery, audience: Audience): Promise<Json<OfferingList>> {
      mayList(query.status, audience);
      const conditions = [...seminarConditions(query), ...offeringConditions(query, [query.status])];
      if (query.cursor) conditions.push(after(decodeCursor(query.cursor)));
      // Through pg, not Prisma (db.ts): the numbered rows of the page, then its items' JSON in order, how many rows
      // there were, and the keyset of the page's last item.
      const page = Prisma.sql`
        SELECT coalesce(string_agg(${offeringJson}, ',' ORDER BY p."n") FILTER (WHERE p."n" <= ${query.limit}), '') AS items,
               count(*)::int AS found,
               min(p."starts_at") FILTER (WHERE p."n" = ${query.limit}) AS last_at,
               min(p."id"::text) FILTER (WHERE p."n" = ${query.limit}) AS last_id
          FROM (SELECT q.*, row_number() OVER (ORDER BY q."starts_at", q."id") AS n
                  FROM (SELECT o.*, s."title", s."fee_cents"
                          FROM "offerings" o JOIN "seminars" s ON s."id" = o."seminar_id"
                         WHERE ${where(conditions)}
                         ORDER BY o."starts_at", o."id"
                         LIMIT ${query.limit + 1}) q) p`;
      const { rows } = await db.pool.query<{ items: string; found: number; last_at: Date | null; last_id: string | null }>(
        page.text,
        page.values,
      );
      const row = rows[0];
      const last = row && row.found > query.limit && row.last_at && row.last_id ? { at: row.last_at, id: row.last_id } : null;
      const nextCursor = last ? encodeCursor(last) : null;
      return `{"items":[${row?.items ?? ''}],"nextCursor":${JSON.stringify(nextCursor)}}` as Json<OfferingList>;
    },

    /**
     * Seminars in one status (published unless asked otherwise), oldest first; offering filters keep the
     * seminars with at least one matching published offering.
     */
    async listSeminars(query: CatalogueQuery, audience: Audience): Promise<SeminarList> {
      mayList(query.status, audience);
      const conditions = [Prisma.sql`s."status" = ${query.status}`, ...seminarConditions(query)];
      if (hasOfferingFilter(query)) {
        conditions.push(
          Prisma.sql`EXISTS (SELECT 1 FROM "offerings" o WHERE o."seminar_id" = s."id" AND ${where(offeringConditions(query))})`,
        );
      }
      if (query.cursor) {
        const after = decodeCursor(query.cursor);
        conditions.push(Prisma.sql`(s."created_at", s."id") > (${after.at}::timestamptz, ${after.id}::uuid)`);
      }
      const page = await db.$queryRaw<{ id: string; created_at: Date }[]>`
        SELECT s."id"::text AS id, s."created_at"
          FROM "seminars" s
         WHERE ${where(conditions)}
         ORDER BY s."created_at", s."id"
         LIMIT ${query.limit + 1}`;
      const more = page.length > query.limit;
      const ids = page.slice(0, query.limit).map((r) => r.id);
      const rows = await db.seminar.findMany({ where: { id: { in: ids } } });
      const last = page[query.limit - 1];
      return {
        items: inOrder(ids, rows).map(toSeminarDto),
        nextCursor: more && last ? encodeCursor({ at: new Date(last.created_at), id: last.id }) : null,
      };
    },

    /**
     * A seminar with its published and cancelled offerings (cancelled ones say so in `status`), by start time.
     * Drafts (seminars and offerings) only for the back office; a cancelled seminar stays readable.
     */
    async seminarDetail(id: string, audience: Audience): Promise<SeminarDetail> {
      const visible = audience === 'back-office' ? ['draft', 'published', 'cancelled'] : ['published', 'cancelled'];
      const row = await db.seminar.findUnique({
        where: { id },
        include: { offerings: { where: { status: { in: visible } }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] } },
      });
      if (!row || !visible.includes(row.status)) throw new Rejected(seminarNotFound());
      const { offerings, ...seminar } = row;
      return { ...toSeminarDto(seminar), offerings: offerings.map((o) => toOfferingDto({ ...o, seminar })) };
    },

    /** Drafts exist only for the back office: anyone else gets the same 404 as for an unknown id. */
    async offering(id: string, audience: Audience): Promise<Offering> {
      const row = await db.offering.findUnique({ where: { id }, include: { seminar: true } });
      if (!row || (row.status === 'draft' && audience !== 'back-office')) throw new Rejected(offeringNotFound());
      return toOfferingDto(row);
    },

    /**
     * The published and cancelled offerings as an iCalendar feed, one event per session (`offeringEvents`).
     * SEQUENCE counts the offering's reschedules and its cancellation; DTSTAMP and LAST-MODIFIED are the last change
     * of the offering or of its seminar (a new title or summary changes the events' text), so the feed only changes
     * when an offering does. Both come from the seminar's stream, which holds the offering's events too.
     */
    async calendar(query: CalendarQuery, apiBaseUrl: string): Promise<string> {
      const ids = (await offeringIds(query, CALENDAR_LIMIT, ['published', 'cancelled'])).map((r) => r.id);
      const offerings = await offeringsByIds(ids);
      const streams = [...new Set(offerings.map((o) => seminarStreamId(o.seminarId)))];
      // One row per offering of those seminars, and one (offering '') for the seminar's own events.
      const history = await db.$queryRaw<{ stream_id: string; offering_id: string; changes: number; changed_at: Date }[]>`
        SELECT "stream_id", coalesce("data"->>'offeringId', '') AS offering_id,
               (count(*) FILTER (WHERE "type" IN ('OfferingRescheduled', 'OfferingCancelled')))::int AS changes,
               max("recorded_at") AS changed_at
          FROM "events"
         WHERE "stream_id" = ANY(${streams}::text[])
         GROUP BY 1, 2`;
      const byOffering = new Map(history.map((h) => [`${h.stream_id}/${h.offering_id}`, h]));
      const base = apiBaseUrl.replace(/\/+$/, '');
      return writeCalendar({
        prodId: '-//Seminarwerk//Seminarkalender//DE',
        method: 'PUBLISH',
        name: 'Seminarwerk: Seminartermine',
        events: offerings.flatMap((o) => {
          const stream = seminarStreamId(o.seminarId);
          const h = byOffering.get(`${stream}/${o.id}`);
          const seminarChange = byOffering.get(`${stream}/`)?.changed_at;
          const changes = [h?.changed_at ?? o.createdAt, seminarChange ?? o.createdAt].map((at) => new Date(at).getTime());
          return offeringEvents(
            { ...o, sessions: o.sessions as unknown as Session[] },
            { sequence: h?.changes ?? 0, stamp: new Date(Math.max(...changes)) },
            `${base}/v1/offerings/${o.id}`,
          );
        }),
      });
    },
  };
}
export type PublicCatalogue = ReturnType<typeof publicCatalogue>;
