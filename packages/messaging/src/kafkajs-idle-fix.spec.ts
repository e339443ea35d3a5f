import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixIdleRequestQueues } from './kafkajs-idle-fix.ts';

type Queue = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
};
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (
  options: Record<string, unknown>,
) => Queue;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const queue = () => new RequestQueue({ maxInFlightRequests: 1, requestTimeout: 1000, clientId: 't', broker: 'b', logger: silent });

afterEach(() => vi.useRealTimers());

describe('the KafkaJS idle request queue fix', () => {
  it('applies to the installed KafkaJS', () => {
    expect(fixIdleRequestQueues()).toBe(true);
  });

  it('schedules no check while nothing is pending (KafkaJS set a 1 ms timeout that set the next, forever)', () => {
    fixIdleRequestQueues();
    vi.useFakeTimers();
    const q = queue();
    q.checkPendingRequests();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('still checks pending requests: after the throttle ends, or after 10 ms', () => {
    fixIdleRequestQueues();
    vi.useFakeTimers();
    const q = queue();
    const checked = vi.spyOn(q, 'checkPendingRequests').mockImplementation(() => {});
    q.pending.push({});
    q.throttledUntil = Date.now() + 500;
    q.scheduleCheckPendingRequests();
    vi.advanceTimersByTime(499);
    expect(checked).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(checked).toHaveBeenCalledTimes(1);

    q.throttledUntil = 0;
    q.scheduleCheckPendingRequests();
    vi.advanceTimersByTime(10);
    expect(checked).toHaveBeenCalledTimes(2);
  });
});
