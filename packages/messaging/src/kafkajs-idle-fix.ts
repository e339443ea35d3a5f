/**
 * KafkaJS 2.2.4 keeps every broker connection's request queue busy when it has nothing to do: with no pending
 * request, `scheduleCheckPendingRequests` sets a timeout of `throttledUntil - now` (negative, so 1 ms), whose
 * callback schedules the next one - about a thousand wake-ups a second per connection, a few per cent of a core per
 * service while idle (tulios/kafkajs#1556 and #1704, unfixed upstream; the fix below is PR #1667's). Here a check is
 * scheduled only while requests wait: when throttled, for the end of the throttle, else after the usual 10 ms.
 * Requests that merely wait for an in-flight one are checked again when it completes, as before.
 */
import { createRequire } from 'node:module';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

const CHECK_PENDING_REQUESTS_INTERVAL = 10;

/** The patched version's own code, so a kafkajs upgrade that changed it is noticed rather than overwritten. */
const PATCHED_FOR = 'let scheduleAt = this.throttledUntil - Date.now()';

export function scheduleOnlyWhilePending(this: RequestQueue): void {
  if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
  const throttled = this.throttledUntil - Date.now();
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttled > 0 ? throttled : CHECK_PENDING_REQUESTS_INTERVAL,
  );
}

/** Patches KafkaJS's RequestQueue once; false when its code is not the one this fix was written for. */
export function fixIdleRequestQueues(): boolean {
  const require = createRequire(import.meta.url);
  const RequestQueueClass = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue };
  const prototype = RequestQueueClass.prototype;
  if (prototype.scheduleCheckPendingRequests === scheduleOnlyWhilePending) return true;
  if (!prototype.scheduleCheckPendingRequests.toString().includes(PATCHED_FOR)) return false;
  prototype.scheduleCheckPendingRequests = scheduleOnlyWhilePending;
  return true;
}
