/**
 * The steady load the faults happen under: registrations (new participants, and now and then one already on the date),
 * cancellations, each by the partner who booked it, and invoice runs by the back office. Every request goes through
 * `send`, so a fault costs retries, not answers.
 */
import { type Outcome, send } from './client.ts';

export interface Partner {
  municipalityId: string;
  key: string;
}

export interface Workload {
  gatewayUrl: string;
  partners: readonly Partner[];
  backOfficeKey: string;
  offeringIds: readonly string[];
  /** The `upTo` of invoice runs: far enough ahead for every date (and every collective month) to be billed. */
  invoiceUpTo: string;
}

export type RequestKind = 'register' | 'register-again' | 'cancel' | 'invoice-run';

export interface RequestRecord extends Outcome {
  kind: RequestKind;
}

export interface Registered {
  id: string;
  offeringId: string;
  email: string;
  partner: Partner;
  cancelled: boolean;
}

/** Everything the load did, over all scenarios: what the invariants hold the system to. */
export interface LoadLog {
  requests: RequestRecord[];
  /** Every registration answered 201, in order of the answers. */
  registered: Registered[];
  nextParticipant: number;
}

export const newLoadLog = (): LoadLog => ({ requests: [], registered: [], nextParticipant: 1 });

export interface LoadOptions {
  /** Concurrent clients (default 4). */
  workers?: number;
  /** Pause of each client between its requests (default 150 ms). */
  thinkMs?: number;
  invoiceRunEveryMs?: number;
}

export interface RunningLoad {
  /** Lets every client finish its request in flight (retries included), then resolves. */
  stop(): Promise<void>;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startLoad(workload: Workload, log: LoadLog, options: LoadOptions = {}): RunningLoad {
  let running = true;
  const record = (kind: RequestKind, outcome: Outcome) => {
    log.requests.push({ kind, ...outcome });
    return outcome;
  };

  async function register(): Promise<void> {
    const partner = pick(workload.partners);
    const offeringId = pick(workload.offeringIds);
    const n = log.nextParticipant++;
    const email = `c${n}@chaos.example`;
    const outcome = record(
      'register',
      await send(workload.gatewayUrl, {
        method: 'POST',
        path: '/v1/registrations',
        key: partner.key,
        body: { offeringId, participant: { firstName: `Teilnehmerin${n}`, lastName: 'Chaos', email } },
      }),
    );
    if (outcome.status === 201 && outcome.body) {
      log.registered.push({ id: String(outcome.body.id), offeringId, email, partner, cancelled: false });
    }
  }

  /** The same person on the same date again, under a new key: the answer must be a refusal, never a second seat. */
  async function registerAgain(): Promise<void> {
    const earlier = log.registered.length > 0 ? pick(log.registered) : undefined;
    if (!earlier) return register();
    const outcome = record(
      'register-again',
      await send(workload.gatewayUrl, {
        method: 'POST',
        path: '/v1/registrations',
        key: earlier.partner.key,
        body: { offeringId: earlier.offeringId, participant: { firstName: 'Nochmal', lastName: 'Chaos', email: earlier.email } },
      }),
    );
    if (outcome.status === 201 && outcome.body) {
      log.registered.push({ ...earlier, id: String(outcome.body.id), cancelled: false });
    }
  }

  async function cancel(): Promise<void> {
    const open = log.registered.filter((r) => !r.cancelled);
    const target = open.length > 0 ? pick(open) : undefined;
    if (!target) return register();
    target.cancelled = true; // no second client cancels it meanwhile
    const outcome = record(
      'cancel',
      await send(workload.gatewayUrl, { method: 'POST', path: `/v1/registrations/${target.id}/cancel`, key: target.partner.key, body: {} }),
    );
    if (outcome.status >= 300) target.cancelled = outcome.status === 409;
  }

  const client = async () => {
    while (running) {
      const roll = Math.random();
      if (roll < 0.65) await register();
      else if (roll < 0.75) await registerAgain();
      else await cancel();
      await sleep(options.thinkMs ?? 150);
    }
  };

  const invoiceRuns = async () => {
    while (running) {
      await sleep(options.invoiceRunEveryMs ?? 4_000);
      if (!running) break;
      record(
        'invoice-run',
        await send(workload.gatewayUrl, {
          method: 'POST',
          path: '/v1/invoice-runs',
          key: workload.backOfficeKey,
          body: { upTo: workload.invoiceUpTo },
        }),
      );
    }
  };

  const all = Promise.all([...Array.from({ length: options.workers ?? 4 }, client), invoiceRuns()]);
  return {
    async stop() {
      running = false;
      await all;
    },
  };
}
