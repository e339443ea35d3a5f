import type pg from 'pg';
import { confirmationsOf, type ErasureUpstreams, type Patience, reapplyAtRegistration } from './erasure-calls.ts';
import { LedgerEntry } from './erasure-contract.ts';
import { eraseOwnCopies } from './own-copies.ts';
import type { StaffPrincipal } from './service-calls.ts';

/**
 * The erasure ledger: every completed erasure, ids only (`erasure_requests` once registration has answered). A restore
 * of a database from before an erasure brings the person back; applying the ledger again erases them again. It is
 * exported as JSON lines to be kept apart from the database backups, for when the gateway's own database was restored
 * too (docs/privacy.md, decisions.md 132).
 */
export async function ledgerOf(pool: pg.Pool): Promise<LedgerEntry[]> {
  const { rows } = await pool.query<{
    id: string;
    registration_ids: string[];
    key_ids: string[];
    requested_by: string;
    requested_by_key: string;
    requested_at: Date;
    completed_at: Date;
  }>(
    `SELECT id, registration_ids::text[] AS registration_ids, key_ids, requested_by, requested_by_key, requested_at, completed_at
       FROM erasure_requests WHERE status = 'completed' ORDER BY completed_at, id`,
  );
  return rows.map((row) => ({
    erasureId: row.id,
    registrationIds: row.registration_ids,
    keyIds: row.key_ids,
    requestedBy: row.requested_by,
    requestedByKey: row.requested_by_key,
    requestedAt: row.requested_at.toISOString(),
    completedAt: row.completed_at.toISOString(),
  }));
}

/** One JSON object per line, as exported; blank lines are skipped, anything else that does not fit fails loudly. */
export function parseLedger(text: string): LedgerEntry[] {
  return text
    .split('\n')
    .map((line, index) => [line.trim(), index + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, number]) => {
      const parsed = LedgerEntry.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`ledger line ${number} is not an erasure: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export const ledgerLines = (entries: readonly LedgerEntry[]) => entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');

/** Records the entries the database lacks (it was restored from before them); the number recorded. */
export async function restoreLedger(pool: pg.Pool, entries: readonly LedgerEntry[]): Promise<number> {
  let restored = 0;
  for (const entry of entries) {
    const services = {
      registration: 'completed',
      notification: 'completed',
      invoicing: 'completed',
      catalogue: 'completed',
      gateway: 'completed',
    };
    const { rowCount } = await pool.query(
      `INSERT INTO erasure_requests (id, status, registration_ids, key_ids, requested_by, requested_by_key, services, requested_at,
                                     answered_at, completed_at)
       VALUES ($1, 'completed', $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (id) DO NOTHING`,
      [
        entry.erasureId,
        entry.registrationIds,
        entry.keyIds,
        entry.requestedBy,
        entry.requestedByKey,
        JSON.stringify(services),
        entry.requestedAt,
        entry.completedAt,
      ],
    );
    restored += rowCount ?? 0;
  }
  return restored;
}

export interface Reapplied {
  erasureId: string;
  registrations: number;
  keys: number;
}

/**
 * Applies one erasure of the ledger again, in the name of the staff member who asked for it: registration erases the
 * registrations again (appending erased events where a restore brought the person back), the gateway removes its own
 * copies again (by registration id: the addresses are gone), and notification and invoicing are asked until they
 * confirm.
 */
export async function reapply(pool: pg.Pool, upstreams: ErasureUpstreams, entry: LedgerEntry, patience: Patience): Promise<Reapplied> {
  const principal: StaffPrincipal = { kind: 'back-office', actor: entry.requestedBy, keyId: entry.requestedByKey };
  const registrationIds = await reapplyAtRegistration(upstreams.registration, principal, entry, patience);
  await eraseOwnCopies(pool, { emails: [], registrationIds: entry.registrationIds });
  await confirmationsOf(upstreams, principal, entry.erasureId, entry.registrationIds, patience, async () => {});
  await pool.query(`UPDATE erasure_requests SET reapplied_at = now() WHERE id = $1`, [entry.erasureId]);
  return { erasureId: entry.erasureId, registrations: registrationIds.length, keys: entry.keyIds.length };
}
