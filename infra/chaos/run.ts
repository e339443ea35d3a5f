/**
 * One scenario: the load runs, the fault happens, the load goes on until the system answers again, then it stops;
 * the suite waits until the system has caught up and checks the invariants.
 */

import type { Kafka } from '@seminarwerk/messaging';
import type { ReceivedMessage } from '@seminarwerk/testing';
import { type Backlog, type Databases, deadLetters, waitUntilCaughtUp } from './backlog.ts';
import type { FaultContext, Scenario } from './faults.ts';
import { checkInvariants, type Invariant } from './invariants.ts';
import { type LoadLog, type LoadOptions, startLoad, type Workload } from './load.ts';

export interface SuiteContext extends FaultContext {
  workload: Workload;
  loadLog: LoadLog;
  databases: Databases;
  kafka: Kafka;
  kafkaNamespace: string;
  capacity: number;
  load?: LoadOptions;
  /** Load before the fault (default 3 s) and after it is over (default 8 s). */
  beforeMs?: number;
  afterMs?: number;
  catchUpTimeoutMs?: number;
  /** When notification was killed (epoch ms), over the whole run. */
  notificationKills: number[];
}

export interface ScenarioResult {
  name: string;
  skipped?: string;
  requests: number;
  /** Requests that stayed without an answer other than 5xx after every retry. */
  failed: number;
  /** Attempts after the first, over all requests of the scenario. */
  retries: number;
  /** From the fault until the last request that needed a retry was answered (0: none needed one). */
  recoveredMs: number;
  /** From the end of the load until outbox, consumer lag and mail queue were empty. */
  caughtUpMs: number;
  caughtUp: boolean;
  backlog: Backlog | string;
  /** New copies of a mail the SMTP server had already received, in this scenario. */
  duplicateMails: number;
  invariants: Invariant[];
  statuses: Record<string, number>;
  problems: Record<string, number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let duplicatesSoFar = 0;

export async function runScenario(ctx: SuiteContext, scenario: Scenario): Promise<ScenarioResult> {
  const unavailable = scenario.unavailable?.(ctx);
  if (unavailable) {
    ctx.log(`${scenario.name}: skipped (${unavailable})`);
    return { ...empty(scenario.name), skipped: unavailable };
  }
  const first = ctx.loadLog.requests.length;
  const load = startLoad(ctx.workload, ctx.loadLog, ctx.load);
  let faultAt = 0;
  try {
    await sleep(ctx.beforeMs ?? 3_000);
    ctx.log(`${scenario.name}: fault`);
    faultAt = Date.now();
    if (scenario.killsNotification) ctx.notificationKills.push(faultAt);
    await scenario.inject(ctx);
    await sleep(ctx.afterMs ?? 8_000);
  } finally {
    await load.stop();
  }
  const loadEnd = Date.now();
  const requests = ctx.loadLog.requests.slice(first);
  ctx.log(`${scenario.name}: ${requests.length} requests; waiting until the system has caught up ...`);
  const caught = await waitUntilCaughtUp(ctx.databases, ctx.kafka, ctx.kafkaNamespace, ctx.catchUpTimeoutMs ?? 300_000);
  const caughtUpMs = Date.now() - loadEnd;
  const { invariants, mail } = await checkInvariants({
    databases: ctx.databases,
    log: ctx.loadLog,
    capacity: ctx.capacity,
    mailbox: ctx.smtp.messages as readonly ReceivedMessage[],
    notificationKills: ctx.notificationKills,
    deadLetters: await deadLetters(ctx.kafka, ctx.kafkaNamespace),
  });
  const duplicateMails = mail.duplicates.length - duplicatesSoFar;
  duplicatesSoFar = mail.duplicates.length;
  const retried = requests.filter((r) => r.retries > 0);
  const statuses: Record<string, number> = {};
  const problems: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.kind} ${r.status || 'gave up'}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (r.lastProblem) problems[r.lastProblem] = (problems[r.lastProblem] ?? 0) + 1;
  }
  const result: ScenarioResult = {
    name: scenario.name,
    requests: requests.length,
    failed: requests.filter((r) => r.status === 0).length,
    retries: requests.reduce((n, r) => n + r.retries, 0),
    recoveredMs: retried.length === 0 ? 0 : Math.max(0, Math.max(...retried.map((r) => r.answeredAt)) - faultAt),
    caughtUpMs,
    caughtUp: caught.caughtUp,
    backlog: caught.backlog,
    duplicateMails,
    invariants: [
      { name: 'caught up', pass: caught.caughtUp, detail: caught.caughtUp ? 'backlog empty' : JSON.stringify(caught.backlog) },
      ...invariants,
    ],
    statuses,
    problems,
  };
  for (const i of result.invariants) ctx.log(`${scenario.name}: ${i.pass ? 'PASS' : 'FAIL'} ${i.name}: ${i.detail}`);
  return result;
}

const empty = (name: string): ScenarioResult => ({
  name,
  requests: 0,
  failed: 0,
  retries: 0,
  recoveredMs: 0,
  caughtUpMs: 0,
  caughtUp: true,
  backlog: 'not measured',
  duplicateMails: 0,
  invariants: [],
  statuses: {},
  problems: {},
});
