import { DOCUMENT_PATH, servedContract } from '../contract-checks.ts';
import type { OpenApiDocument } from '../openapi-contract.ts';
import { operationsOf, resolver } from './operations.ts';
import { judge } from './oracle.ts';
import { seededRandom } from './random.ts';
import { type FuzzRequest, type FuzzTarget, fuzzRequest, ROLES } from './requests.ts';
import type { Schema } from './schema-values.ts';

export interface FuzzOptions {
  /** The gateway, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  target: FuzzTarget;
  seed: number;
  requests: number;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  onProgress?: (done: number) => void;
  /** Only these operations (by operationId), e.g. to chase one failure. */
  operations?: readonly string[];
  /** Sees every request and the start of its answer (FUZZ_VERBOSE). */
  onAnswer?: (request: FuzzRequest, status: number, answer: string) => void;
}

/**
 * Ids the fuzzer's own requests created, kept for the requests that follow: a date scheduled, cancelled and moved
 * by the fuzzer itself, a subscription it made. So that the setup's few ids, once cancelled or deleted, do not leave
 * the deep paths with nothing but 404 and 409.
 */
const CREATES: Readonly<Record<string, string>> = {
  createSeminar: 'seminarId',
  scheduleOffering: 'offeringId',
  register: 'registrationId',
  createWebhookSubscription: 'subscriptionId',
  createApiKey: 'apiKeyId',
  cancelInvoice: 'invoiceId',
  resendEmail: 'deliveryId',
};

export interface OperationFigures {
  operation: string;
  requests: number;
  statuses: Map<number, number>;
  serverErrors: number;
  violations: number;
}

/** Failures of one kind: the operation, the status and what was wrong, with the smallest request that showed it. */
export interface FailureGroup {
  operation: string;
  status: number;
  problem: string;
  count: number;
  example: FuzzRequest;
  /** The start of the answer's body. */
  answer: string;
}

export interface FuzzReport {
  seed: number;
  requests: number;
  ms: number;
  operations: OperationFigures[];
  failures: FailureGroup[];
  serverErrors: number;
}

const sizeOf = (r: FuzzRequest) => r.url.length + (r.body?.length ?? 0) + JSON.stringify(r.headers).length;

/**
 * Sends `requests` generated requests, every operation of the served document in turn with each role in turn, and
 * judges every answer (oracle.ts). Collects every failure instead of stopping at the first.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const origin = new URL(options.baseUrl).origin;
  const document = (await (await fetch(new URL(DOCUMENT_PATH, origin))).json()) as OpenApiDocument;
  const contract = await servedContract(origin);
  const resolve = resolver(document) as (s: Schema) => Schema;
  const operations = operationsOf(document).filter((o) => !options.operations || options.operations.includes(o.id));
  if (operations.length === 0) throw new Error(`no operation of the document is named ${options.operations?.join(', ')}`);
  const ids: Record<string, string[]> = Object.fromEntries(Object.entries(options.target.ids).map(([name, list]) => [name, [...list]]));
  const target = { ...options.target, ids };
  const random = seededRandom(options.seed);
  const figures = new Map(
    operations.map((o) => [
      o.id,
      { operation: o.id, requests: 0, statuses: new Map(), serverErrors: 0, violations: 0 } as OperationFigures,
    ]),
  );
  const failures = new Map<string, FailureGroup>();

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.requests) {
      const index = next++;
      const operation = operations[index % operations.length];
      if (!operation) continue;
      const role = ROLES[Math.floor(index / operations.length) % ROLES.length] ?? 'anonymous';
      const request = fuzzRequest(operation, role, target, random, resolve);
      const { status, problems, answer, created } = await send(origin, request, contract);
      options.onAnswer?.(request, status, answer);
      const kept = CREATES[operation.id];
      if (kept && created && status >= 200 && status < 300) {
        ids[kept]?.push(created);
        if (role !== 'back-office') ids[`${kept}:${role}`]?.push(created);
      }
      const figure = figures.get(operation.id) as OperationFigures;
      figure.requests++;
      figure.statuses.set(status, (figure.statuses.get(status) ?? 0) + 1);
      if (status >= 500 || status === 0) figure.serverErrors++;
      if (problems.some((p) => p !== 'server error')) figure.violations++;
      for (const problem of problems) {
        const key = `${operation.id} ${status} ${problem}`;
        const group = failures.get(key);
        if (!group) failures.set(key, { operation: operation.id, status, problem, count: 1, example: request, answer });
        else {
          group.count++;
          if (sizeOf(request) < sizeOf(group.example)) Object.assign(group, { example: request, answer });
        }
      }
      done++;
      if (done % 500 === 0) options.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  const list = [...figures.values()];
  return {
    seed: options.seed,
    requests: done,
    ms: Date.now() - started,
    operations: list,
    failures: [...failures.values()].sort((a, b) => b.status - a.status || a.operation.localeCompare(b.operation)),
    serverErrors: list.reduce((sum, o) => sum + o.serverErrors, 0),
  };
}

async function send(origin: string, request: FuzzRequest, contract: Awaited<ReturnType<typeof servedContract>>) {
  const url = new URL(request.url, origin);
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const problems = judge(contract, request.method, `${url.pathname}${url.search}`, {
      status: response.status,
      headers: response.headers,
      bytes,
    });
    const text = new TextDecoder().decode(bytes);
    return { status: response.status, problems, answer: text.slice(0, 400), created: idOf(text) };
  } catch (error) {
    // No answer at all (the connection was dropped, or nothing came within 30 s) counts like a 5xx.
    return { status: 0, problems: [`no answer: ${(error as Error).message}`], answer: '', created: undefined };
  }
}

/** The `id` of a JSON answer, if it has one. */
function idOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
