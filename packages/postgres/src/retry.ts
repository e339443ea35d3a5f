import { StreamVersionConflict } from './event-store.ts';

/** Serialization failure and deadlock: the transaction lost a race and may simply run again. */
const retryableSqlStates = new Set(['40001', '40P01']);

/**
 * The SQLSTATE of a failed query (https://www.postgresql.org/docs/current/errcodes-appendix.html), read
 * from where each client puts it: `pg` on the error itself, Prisma's driver adapter in
 * `meta.driverAdapterError.cause.originalCode` (or the adapter error's own `cause`).
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    code?: unknown;
    cause?: { originalCode?: unknown };
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  };
  const candidates = [e.meta?.driverAdapterError?.cause?.originalCode, e.cause?.originalCode, e.code];
  return candidates.find((c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
}

/** Version conflicts, serialization failures and deadlocks: run the whole command again. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof StreamVersionConflict) return true;
  // P2034: Prisma's own "transaction failed due to a write conflict or a deadlock".
  if ((error as { code?: unknown } | null)?.code === 'P2034') return true;
  const state = sqlState(error);
  return state !== undefined && retryableSqlStates.has(state);
}

export async function retryOnConflict<T>(command: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await command();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}
