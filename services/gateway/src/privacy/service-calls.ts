import type { Principal } from '@seminarwerk/http';
import { type ForwardedRequest, type ForwardedResponse, forward, type Upstream } from '../proxy.ts';

/** The back-office staff member in whose name a privacy request asks the services. */
export type StaffPrincipal = Extract<Principal, { kind: 'back-office' }>;

/** How the gateway asks a service that is unavailable: again after `retryMs`, until it answers or the gateway stops. */
export interface Retrying {
  retryMs: number;
  isStopped: () => boolean;
  /** One line per retry: the service and its status (never the body: it may name the person). */
  onRetry: (service: string, status: number) => void;
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
export const textOf = (answer: ForwardedResponse) => Buffer.from(answer.body).toString('utf8');

export class Stopping extends Error {
  constructor() {
    super('the gateway is stopping');
  }
}

/** The service's answer, asked again while it is unavailable (5xx, or not reachable at all). */
export async function answerOf(upstream: Upstream, request: ForwardedRequest, retrying: Retrying): Promise<ForwardedResponse> {
  while (!retrying.isStopped()) {
    const answer = await forward(upstream, request).catch(() => undefined);
    if (answer && answer.status < 500) return answer;
    retrying.onRetry(upstream.name, answer?.status ?? 503);
    await pause(retrying.retryMs);
  }
  throw new Stopping();
}

/**
 * Runs `work(id)` in the background, once at a time per id (a request resumed on start while it still runs is not
 * run twice); a failure other than the gateway stopping goes to `failed`.
 */
export function backgroundRuns(work: (id: string) => Promise<void>, failed: (id: string, error: Error) => void) {
  const running = new Set<string>();
  return (id: string) => {
    if (running.has(id)) return;
    running.add(id);
    void work(id)
      .catch((error: Error) => {
        if (!(error instanceof Stopping)) failed(id, error);
      })
      .finally(() => running.delete(id));
  };
}
