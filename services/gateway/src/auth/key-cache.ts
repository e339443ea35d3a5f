/**
 * Keys looked up recently, by the SHA-256 of the key: bounded (the least recently used go first) and only ever holding
 * keys that exist, so a flood of random keys cannot grow it. `clear()` starts a new generation: a lookup that began
 * before it (and may have read a key just revoked) does not store its answer.
 */
export function keyCache<V>(options: { maxEntries: number; ttlMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: V; until: number }>();
  let generation = 0;
  return {
    get(hash: string): V | undefined {
      const entry = entries.get(hash);
      if (!entry) return undefined;
      entries.delete(hash);
      if (entry.until <= now()) return undefined;
      entries.set(hash, entry); // most recently used last
      return entry.value;
    },
    /** Keeps `value` until `until` at the latest (a rotated key's end), never longer than the TTL. */
    set(hash: string, value: V, since: number, until = Number.POSITIVE_INFINITY) {
      if (since !== generation) return;
      entries.delete(hash);
      entries.set(hash, { value, until: Math.min(until, now() + options.ttlMs) });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as string);
    },
    generation: () => generation,
    clear() {
      generation += 1;
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
export type KeyCache<V> = ReturnType<typeof keyCache<V>>;
