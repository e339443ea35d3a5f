import type { Db } from '../db.ts';

/** A key's `last_used_at` is written at most this often per gateway: a use is news only after a quiet minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Remembers when keys were used and writes it in batches, so a request costs a map lookup, not a database write.
 * `last_used_at` is therefore up to a minute (plus one flush) behind.
 */
export function lastUsedRecorder(db: Db, now: () => number = Date.now) {
  /** When each key's use was last written (or queued), to skip the uses within the resolution. */
  const written = new Map<string, number>();
  let pending = new Map<string, number>();
  return {
    note(keyId: string) {
      const at = now();
      const last = written.get(keyId);
      if (last !== undefined && at - last < LAST_USED_RESOLUTION_MS) return;
      written.set(keyId, at);
      pending.set(keyId, at);
    },
    async flush() {
      if (pending.size === 0) return;
      const batch = pending;
      pending = new Map();
      // Forget what is past the resolution, so the map holds only keys used in the last minute.
      const horizon = now() - LAST_USED_RESOLUTION_MS;
      for (const [keyId, at] of written) if (at < horizon) written.delete(keyId);
      const ids = [...batch.keys()];
      const times = ids.map((id) => new Date(batch.get(id) as number));
      // Never moves a time back (another gateway may have written a later use).
      await db.$executeRaw`
        UPDATE api_keys SET last_used_at = used.at
          FROM unnest(${ids}::uuid[], ${times}::timestamptz[]) AS used(id, at)
         WHERE api_keys.id = used.id AND (api_keys.last_used_at IS NULL OR api_keys.last_used_at < used.at)`;
    },
  };
}
export type LastUsedRecorder = ReturnType<typeof lastUsedRecorder>;
