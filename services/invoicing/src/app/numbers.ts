import type { Tx } from '../db.ts';
import type { Locks } from './locks.ts';

/**
 * The next number of a series in a year, e.g. `RE-2027-00001`. The counter row is incremented by one statement
 * whose row lock is held until the issuing transaction ends: the next issuer waits, and a rollback gives the
 * number back, so numbers have no gaps and no duplicates. Never a SEQUENCE: a rolled back `nextval` is gone.
 */
export async function nextNumber(tx: Tx, locks: Locks, series: string, year: number): Promise<string> {
  locks.counter();
  const [row] = await tx.$queryRaw<{ last_number: number }[]>`
    INSERT INTO invoice_number_counters (series, year, last_number) VALUES (${series}, ${year}, 1)
    ON CONFLICT (series, year) DO UPDATE SET last_number = invoice_number_counters.last_number + 1
    RETURNING last_number`;
  return `${series}-${year}-${String(row!.last_number).padStart(5, '0')}`;
}
