import type { RetentionPolicy } from '@seminarwerk/runtime';
import type { Db, Tx } from '../db.ts';
import { withoutLineNames } from '../domain/erasure.ts';
import { blankEvents, streamEvents } from './erasure.ts';
import { invoiceStream, Locks, positionStream } from './locks.ts';

interface NamedLine {
  registrationId: string;
  participant: string;
}

/** The first year whose invoices are still kept at `now` (Europe/Berlin, as invoices are dated). */
export function firstKeptYear(now: Date, years: number): number {
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric' }).format(now));
  return year - years;
}

/**
 * Issued invoices and credit notes keep the participants' names for `years` after the end of their year of issue
 * (§ 147 Abs. 4 AO: the period starts when the calendar year ends), then lose them: the names on their lines (row and
 * events) are blanked, the stored XRechnung and PDF are deleted (a document cannot be blanked and stay the document
 * as issued), and a position keeps its name only while an issued document still kept names it (decision 129).
 * Number, dates, buyer and amounts stay. The cutoff is Berlin's New Year of the first year still kept.
 */
export function issuedInvoiceNames(db: Db, years: number): RetentionPolicy {
  return {
    category: `participant names on issued invoices and credit notes (${years} years after the end of the year of issue)`,
    // January is always CET (+01:00) in Berlin.
    cutoffAt: (now) => new Date(`${firstKeptYear(now, years)}-01-01T00:00:00+01:00`),
    async purge(cutoff) {
      const due = await db.$queryRaw<{ id: string }[]>`
        SELECT i.id::text FROM invoices i
         WHERE i.number IS NOT NULL AND i.issue_date < make_date(${firstKeptYear(cutoff, 0)}::int, 1, 1)
           AND (EXISTS (SELECT FROM jsonb_array_elements(COALESCE(i.lines, '[]'::jsonb)) line WHERE line->>'participant' <> '')
                OR EXISTS (SELECT FROM invoice_documents d WHERE d.invoice_id = i.id))
         ORDER BY i.issue_date, i.id`;
      for (const { id } of due) await db.$transaction((tx) => forget(tx, id));
      return due.length;
    },
  };
}

async function forget(tx: Tx, invoiceId: string): Promise<void> {
  const locks = new Locks(tx);
  await locks.invoices([invoiceId]);
  const row = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { lines: true } });
  const named = ((row.lines ?? []) as unknown as NamedLine[]).filter((l) => l.participant !== '');
  await locks.positions(named.map((l) => l.registrationId));

  const lines = withoutLineNames(row.lines);
  if (lines.count > 0) await tx.$executeRaw`UPDATE invoices SET lines = ${JSON.stringify(lines.data)}::jsonb WHERE id = ${invoiceId}::uuid`;
  for (const event of await streamEvents(tx, invoiceStream(invoiceId))) {
    const blanked = withoutLineNames(event.data);
    if (blanked.count > 0) {
      await tx.$executeRaw`UPDATE events SET data = ${JSON.stringify(blanked.data)}::jsonb WHERE global_position = ${event.position}`;
    }
  }
  // The one transaction the trigger lets delete documents (migration 20270101000000_erasure_receipts).
  await tx.$executeRawUnsafe(`SET LOCAL invoicing.document_retention = 'expired'`);
  await tx.$executeRaw`DELETE FROM invoice_documents WHERE invoice_id = ${invoiceId}::uuid`;

  // The position goes with the last kept document that names its person so.
  for (const { registrationId, participant } of named) {
    const [still] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM invoices
       WHERE number IS NOT NULL AND lines @> ${JSON.stringify([{ registrationId, participant }])}::jsonb`;
    if ((still?.n ?? 0) > 0) continue;
    await blankEvents(tx, await streamEvents(tx, positionStream(registrationId)), participant, registrationId);
    await tx.position.updateMany({ where: { registrationId, participant }, data: { participant: '' } });
  }
}
