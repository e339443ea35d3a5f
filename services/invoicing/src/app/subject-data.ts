import type { Db } from '../db.ts';

interface InvoiceRow {
  id: string;
  type: string;
  status: string;
  number: string | null;
  issueDate: Date | null;
  lines: { registrationId: string }[] | null;
}

/**
 * What invoicing holds about one person (DSGVO Art. 15), for the access export: the positions of their registrations
 * (name, title, dates, amounts, status, the invoice they are on), the events of those positions' streams, and of every
 * invoice or credit note with a line about them its number, kind, issue date and only those lines: the other lines
 * name other people.
 */
export function subjectData(db: Db) {
  return async (registrationIds: readonly string[]) => {
    if (registrationIds.length === 0) return { positions: [], events: [], invoices: [] };
    const ids = [...registrationIds];
    const positions = await db.$queryRaw<{ invoiceId: string | null }[]>`
      SELECT registration_id AS "registrationId", offering_id AS "offeringId", municipality_id AS "municipalityId",
             participant, title, service_date AS "serviceDate", last_day AS "lastDay", fee_cents AS "feeCents", vat,
             billing, status, owed_kind AS "owedKind", owed_percent AS "owedPercent", owed_cents AS "owedCents",
             invoice_id AS "invoiceId", cancelled, updated_at AS "updatedAt"
        FROM positions WHERE registration_id = ANY(${ids}::uuid[]) ORDER BY service_date, registration_id`;
    const events = await db.$queryRaw<Record<string, unknown>[]>`
      SELECT stream_id AS "streamId", type, data, metadata, recorded_at AS "recordedAt"
        FROM events WHERE stream_id = ANY(${ids.map((id) => `registration-invoice-${id}`)}::text[]) ORDER BY global_position`;
    const onInvoices = positions.flatMap((p) => (p.invoiceId ? [p.invoiceId] : []));
    const invoices = await db.$queryRaw<InvoiceRow[]>`
      SELECT id, type, status, number, issue_date AS "issueDate", lines
        FROM invoices
       WHERE id = ANY(${onInvoices}::uuid[])
          OR EXISTS (SELECT FROM jsonb_array_elements(COALESCE(lines, '[]'::jsonb)) line
                      WHERE line->>'registrationId' = ANY(${ids}::text[]))
       ORDER BY created_at, id`;
    const concerned = new Set(ids);
    return {
      positions,
      events,
      // A draft has no lines of its own: its lines are the positions above.
      invoices: invoices.map((invoice) => ({
        ...invoice,
        lines: invoice.lines?.filter((line) => concerned.has(line.registrationId)) ?? null,
      })),
    };
  };
}
