import type { DataOf, ParticipantErased } from '@seminarwerk/contracts';
import type { Logger } from '@seminarwerk/logging';
import { erasureReceiptsCover, prismaSql } from '@seminarwerk/postgres';
import type { Db, Tx } from '../db.ts';
import { erasedName, withoutName } from '../domain/erasure.ts';
import { lockPlan } from './drafts.ts';
import { invoiceStream, Locks, positionStream } from './locks.ts';

export type Erasure = DataOf<typeof ParticipantErased>;

interface StoredEventRow {
  position: bigint;
  type: string;
  data: unknown;
}

/**
 * Blanks invoicing's copies of an erased participant's name for one registration (docs/privacy.md, "Invoicing";
 * decisions 128–129), in the inbox transaction of `registration.participant-erased.v1`: the position's row and its
 * stream's events, and the lines of credit note drafts. Issued invoices and credit notes keep the name (§ 147 AO,
 * § 14b UStG), and so does a position on one that is not open again: it goes with the invoice (invoice-retention.ts).
 * The outbox holds the name only inside issued documents (base64, in the issued events): kept with them, and
 * deleted 7 days after publishing anyway. Applying the same erasure again blanks what is (again) there and renews
 * the receipt.
 */
export function erasures(db: Db, logger: Logger) {
  return {
    async apply(tx: Tx, erasure: Erasure, eventId: string): Promise<void> {
      const { registrationId } = erasure;
      const planned = await tx.position.findUnique({ where: { registrationId }, select: { invoiceId: true } });
      const creditDrafts = await creditNoteDraftsOf(tx, registrationId);
      const { locks } = await lockPlan(tx, {
        invoices: [planned?.invoiceId ?? null, ...creditDrafts],
        positions: planned ? [registrationId] : [],
      });
      // Issuing reads a draft's positions under the draft's lock: the draft it is on now must be the one locked.
      const position = await tx.position.findUnique({ where: { registrationId } });
      const drafts = await creditNoteDraftsOf(tx, registrationId);
      if ((position?.invoiceId ?? null) !== (planned?.invoiceId ?? null) || drafts.some((id) => !locks.holdsInvoice(id))) {
        Locks.replan(`erasure of ${registrationId}`);
      }

      const events = await streamEvents(tx, positionStream(registrationId));
      const name = erasedName(events, erasure.leftAt);
      const keptOnDocuments = name ? await issuedDocumentsNaming(tx, registrationId, name) : 0;
      // A position open on a draft again (after a credit) would print the name on a new document: it is blanked.
      const positionKeeps = keptOnDocuments > 0 && position?.status !== 'open';
      let blanked = 0;
      if (name && !positionKeeps) {
        blanked += await blankEvents(tx, events, name, registrationId);
        if (position?.participant === name) {
          await tx.position.update({ where: { registrationId }, data: { participant: '' } });
          blanked += 1;
        }
      }
      for (const draftId of drafts) blanked += name ? await blankCreditNoteDraft(tx, draftId, name, registrationId) : 0;

      const reapplied = await recordReceipt(tx, erasure, eventId, blanked, keptOnDocuments);
      logger.info(
        { erasureId: erasure.erasureId, registrationId, reason: erasure.reason, blanked, keptOnDocuments, reapplied },
        'erasure: applied',
      );
    },

    /** Whether invoicing applied the erasure to every one of the registrations (none: it has). */
    completed: (erasureId: string, registrationIds: readonly string[]) => erasureReceiptsCover(prismaSql(db), erasureId, registrationIds),
  };
}
export type Erasures = ReturnType<typeof erasures>;

/** Unissued credit notes (drafts, held, voided) with a line about the registration: copies of an issued invoice's line. */
async function creditNoteDraftsOf(tx: Tx, registrationId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM invoices
     WHERE type = 'credit-note' AND number IS NULL
       AND lines @> ${JSON.stringify([{ registrationId }])}::jsonb
     ORDER BY id`;
  return rows.map((r) => r.id);
}

/** Issued invoices and credit notes whose lines name the registration's person so (their lines are never blanked early). */
async function issuedDocumentsNaming(tx: Tx, registrationId: string, name: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM invoices
     WHERE number IS NOT NULL AND lines @> ${JSON.stringify([{ registrationId, participant: name }])}::jsonb`;
  return row?.n ?? 0;
}

export const streamEvents = (tx: Tx, streamId: string) =>
  tx.$queryRaw<StoredEventRow[]>`
    SELECT global_position AS position, type, data FROM events WHERE stream_id = ${streamId} ORDER BY stream_version`;

/** The one in-place change of stored events (decision 128): the name blanked, everything else as recorded. */
export async function blankEvents(tx: Tx, events: readonly StoredEventRow[], name: string, registrationId: string): Promise<number> {
  let count = 0;
  for (const event of events) {
    const blanked = withoutName(event.data, name, registrationId);
    if (blanked.count === 0) continue;
    await tx.$executeRaw`UPDATE events SET data = ${JSON.stringify(blanked.data)}::jsonb WHERE global_position = ${event.position}`;
    count += blanked.count;
  }
  return count;
}

async function blankCreditNoteDraft(tx: Tx, invoiceId: string, name: string, registrationId: string): Promise<number> {
  let count = await blankEvents(tx, await streamEvents(tx, invoiceStream(invoiceId)), name, registrationId);
  const row = await tx.invoice.findUniqueOrThrow({ where: { id: invoiceId }, select: { lines: true } });
  const lines = withoutName(row.lines, name, registrationId);
  if (lines.count > 0) {
    await tx.$executeRaw`UPDATE invoices SET lines = ${JSON.stringify(lines.data)}::jsonb WHERE id = ${invoiceId}::uuid`;
    count += lines.count;
  }
  return count;
}

/** Records the receipt, or renews it when the erasure is applied again (after a restore); true when it was there. */
async function recordReceipt(tx: Tx, erasure: Erasure, eventId: string, blanked: number, keptOnDocuments: number): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ reapplied: boolean }[]>`
    INSERT INTO erasure_receipts
           (erasure_id, registration_id, reason, left_at, erased_at, event_id, blanked, kept_on_documents, applied_at)
    VALUES (${erasure.erasureId}::uuid, ${erasure.registrationId}::uuid, ${erasure.reason}, ${erasure.leftAt}::timestamptz,
            ${erasure.erasedAt}::timestamptz, ${eventId}, ${blanked}, ${keptOnDocuments}, now())
    ON CONFLICT (erasure_id, registration_id) DO UPDATE
       SET event_id = EXCLUDED.event_id, blanked = EXCLUDED.blanked, kept_on_documents = EXCLUDED.kept_on_documents,
           reapplied_at = now()
    RETURNING reapplied_at IS NOT NULL AS reapplied`;
  return row?.reapplied ?? false;
}
