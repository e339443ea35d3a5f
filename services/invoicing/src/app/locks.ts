import { lockStream, prismaSql, StreamVersionConflict } from '@seminarwerk/postgres';
import type { Tx } from '../db.ts';

/** Stream of a registration's position (the name of its invoice stream before issue 9, decision 6). */
export const positionStream = (registrationId: string) => `registration-invoice-${registrationId}`;
export const invoiceStream = (invoiceId: string) => `invoice-${invoiceId}`;
/** Not a stream: the lock under which a municipality's collective draft of a month is found or opened. */
export const collectiveSlot = (municipalityId: string, period: string) => `collective-draft-${municipalityId}-${period}`;

const PHASES = { slot: 1, invoice: 2, position: 3, counter: 4 } as const;
type Kind = keyof typeof PHASES;

/**
 * The locks one transaction holds, taken in the one order that cannot deadlock: collective-draft slots,
 * then invoice streams, then position streams (each kind sorted by id), then the number counter. Asking for
 * a lock of an earlier kind that is not held yet is a bug and throws at once, so tests find it instead of
 * a deadlock under load. Locks are PostgreSQL advisory transaction locks: held until commit or rollback.
 */
export class Locks {
  private phase = 0;
  private readonly held = new Set<string>();

  constructor(private readonly tx: Tx) {}

  slots = (keys: readonly string[]) => this.take('slot', keys);
  invoices = (ids: readonly string[]) => this.take('invoice', ids.map(invoiceStream));
  positions = (ids: readonly string[]) => this.take('position', ids.map(positionStream));

  /** A stream with a new id nobody else knows cannot be contended: it may be created at any point. */
  fresh(invoiceId: string): void {
    this.held.add(invoiceStream(invoiceId));
  }

  /** The counter row is locked by the statement that takes the number; nothing may be locked after it. */
  counter(): void {
    this.phase = PHASES.counter;
  }

  holdsInvoice = (invoiceId: string) => this.held.has(invoiceStream(invoiceId));
  holdsPosition = (registrationId: string) => this.held.has(positionStream(registrationId));
  holdsSlot = (key: string) => this.held.has(key);

  /**
   * Another transaction changed what this one planned from (e.g. a draft was issued between reading the read
   * model and taking the locks): roll back and run the whole work again, on fresh state.
   */
  static replan(what: string): never {
    throw new StreamVersionConflict(what, -1, -1);
  }

  private async take(kind: Kind, names: readonly string[]): Promise<void> {
    const missing = [...new Set(names)].filter((n) => !this.held.has(n)).sort();
    if (missing.length === 0) return;
    if (this.phase > PHASES[kind]) throw new Error(`Lock order: ${kind} ${missing.join(', ')} asked for after a later kind of lock`);
    this.phase = PHASES[kind];
    for (const name of missing) {
      await lockStream(prismaSql(this.tx), name);
      this.held.add(name);
    }
  }
}
