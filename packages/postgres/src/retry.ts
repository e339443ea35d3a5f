import { StreamVersionConflict } from './event-store.ts';

const retryableSqlStates = new Set(['40001', '40P01']); // serialization failure, deadlock

/** Version conflicts, serialization failures and deadlocks: run the whole command again. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof StreamVersionConflict) return true;
  const text = JSON.stringify(error, Object.getOwnPropertyNames(error ?? {}));
  return (
    (error as { code?: string })?.code === 'P2034' ||
    [...retryableSqlStates].some((state) => text.includes(`"${state}"`) || text.includes(`code: ${state}`))
  );
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
