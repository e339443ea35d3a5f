/** What must hold after a rush, checked through the API, the registration database and the mailbox. */
import type { ApiClient } from '@seminarwerk/testing';
import type pg from 'pg';
import type { LoadResult } from './load.ts';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

interface Row {
  id: string;
  email: string;
  status: string;
  waitlist_seq: number | null;
}

const check = (name: string, pass: boolean, detail: string): Check => ({ name, pass, detail });
const fmt = (n: number) => n.toLocaleString('en-US');

function isConsecutive(values: readonly number[], from: number, to: number): boolean {
  if (values.length !== to - from + 1) return false;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.every((v, i) => v === from + i);
}

export async function checkInvariants(input: {
  load: LoadResult;
  amount: number;
  capacity: number;
  offeringId: string;
  registrationDb: pg.Client;
  api: ApiClient;
  confirmationMails: readonly { to: readonly string[] }[];
}): Promise<Check[]> {
  const { load, amount, capacity, offeringId } = input;
  const waitlistSize = amount - capacity;
  const checks: Check[] = [];

  // What the clients saw.
  const byStatus = new Map<number, number>();
  for (const a of load.answers) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
  const statusText = [...byStatus.entries()].map(([s, c]) => `${s}: ${fmt(c)}`).join(', ') || 'none';
  const fiveXx = load.answers.filter((a) => a.status >= 500).length;
  checks.push(check('no 5xx', fiveXx === 0, `${fmt(fiveXx)} answers with 5xx (all answers by status: ${statusText})`));
  checks.push(
    check(
      'no errors',
      load.errors === 0 && load.answers.length === amount,
      `${fmt(load.errors)} connection errors/timeouts (${fmt(load.timeouts)} timeouts); ${fmt(load.answers.length)} of ${fmt(amount)} requests answered`,
    ),
  );
  const created = load.answers.filter((a) => a.status === 201).length;
  checks.push(check(`every request answered 201 Created`, created === amount, `${fmt(created)} of ${fmt(amount)}`));
  const answered = load.answers.filter((a) => a.status === 201 && a.body);
  const confirmedAnswers = answered.filter((a) => a.body?.status === 'confirmed').length;
  const waitlistedAnswers = answered.filter((a) => a.body?.status === 'waitlisted');
  const answeredPositions = waitlistedAnswers.map((a) => Number(a.body?.waitlistPosition));
  checks.push(
    check(
      `responses: exactly ${fmt(capacity)} confirmed, ${fmt(waitlistSize)} waitlisted at positions 1..${fmt(waitlistSize)}`,
      confirmedAnswers === capacity && isConsecutive(answeredPositions, 1, waitlistSize),
      `${fmt(confirmedAnswers)} confirmed, ${fmt(waitlistedAnswers.length)} waitlisted, positions ${describePositions(answeredPositions)}`,
    ),
  );

  // What the registration service recorded.
  const { rows } = await input.registrationDb.query<Row>(
    'SELECT id::text, email, status, waitlist_seq FROM registrations WHERE offering_id = $1',
    [offeringId],
  );
  const confirmedRows = rows.filter((r) => r.status === 'confirmed');
  const waitlistedRows = rows.filter((r) => r.status === 'waitlisted').sort((a, b) => (a.waitlist_seq ?? 0) - (b.waitlist_seq ?? 0));
  checks.push(
    check(
      `database: exactly ${fmt(capacity)} confirmed`,
      confirmedRows.length === capacity,
      `${fmt(confirmedRows.length)} confirmed, ${fmt(rows.length)} registrations in all`,
    ),
  );
  const seqs = waitlistedRows.map((r) => r.waitlist_seq);
  const distinctSeqs = new Set(seqs).size === seqs.length && seqs.every((s) => s !== null);
  // The service counts a position as the number of waitlisted rows with waitlist_seq <= its own.
  const dbPositions = waitlistedRows.map((r) => waitlistedRows.filter((o) => (o.waitlist_seq ?? 0) <= (r.waitlist_seq ?? 0)).length);
  checks.push(
    check(
      `database: ${fmt(waitlistSize)} waitlisted with positions exactly 1..${fmt(waitlistSize)}`,
      waitlistedRows.length === waitlistSize && distinctSeqs && isConsecutive(dbPositions, 1, waitlistSize),
      `${fmt(waitlistedRows.length)} waitlisted, waitlist_seq ${distinctSeqs ? 'distinct' : 'NOT distinct or null'}, positions ${describePositions(dbPositions)}`,
    ),
  );
  const positionById = new Map(waitlistedRows.map((r, i) => [r.id, i + 1]));
  const mismatched = waitlistedAnswers.filter((a) => positionById.get(String(a.body?.id)) !== Number(a.body?.waitlistPosition)).length;
  checks.push(
    check(
      'waiting-list positions in the responses match the database order',
      mismatched === 0,
      `${fmt(mismatched)} of ${fmt(waitlistedAnswers.length)} differ`,
    ),
  );

  const sentEmails = new Set(load.sent.map((s) => s.email));
  const perEmail = new Map<string, number>();
  for (const r of rows) perEmail.set(r.email, (perEmail.get(r.email) ?? 0) + 1);
  const doubled = [...perEmail.values()].filter((c) => c > 1).length;
  const missing = [...sentEmails].filter((e) => !perEmail.has(e)).length;
  const foreign = [...perEmail.keys()].filter((e) => !sentEmails.has(e)).length;
  checks.push(
    check(
      'every participant exactly once',
      sentEmails.size === amount && doubled === 0 && missing === 0 && foreign === 0 && rows.length === amount,
      `${fmt(sentEmails.size)} distinct participants sent, ${fmt(rows.length)} registrations stored; ${doubled} twice or more, ${missing} missing, ${foreign} unknown`,
    ),
  );

  // What the public API reports about the offering (the catalogue learns seats from events).
  const seats = await eventuallySeats(input.api, offeringId, 60_000);
  checks.push(check('API: the offering shows 0 seats available', seats === 0, `seatsAvailable = ${seats}`));

  // The mailbox: one confirmation per confirmed participant, none for anyone else.
  const confirmedEmails = new Set(confirmedRows.map((r) => r.email));
  const mailed = input.confirmationMails.flatMap((m) => m.to);
  const mailedSet = new Set(mailed);
  const wrong = [...mailedSet].filter((e) => !confirmedEmails.has(e)).length;
  checks.push(
    check(
      'exactly one confirmation e-mail per confirmed participant',
      mailed.length === confirmedEmails.size && mailedSet.size === mailed.length && wrong === 0,
      `${fmt(mailed.length)} confirmation e-mails to ${fmt(mailedSet.size)} addresses, ${wrong} not confirmed in the database`,
    ),
  );
  return checks;
}

async function eventuallySeats(api: ApiClient, offeringId: string, timeoutMs: number): Promise<number | string> {
  const deadline = Date.now() + timeoutMs;
  let last: number | string = 'never answered';
  while (Date.now() < deadline) {
    const response = await api.get<{ seatsAvailable?: number }>(`/v1/offerings/${offeringId}`);
    last = response.status === 200 ? Number(response.body.seatsAvailable) : `HTTP ${response.status}`;
    if (last === 0) return 0;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

function describePositions(positions: readonly number[]): string {
  if (positions.length === 0) return 'none';
  const distinct = new Set(positions).size;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of positions) {
    if (p < min) min = p;
    if (p > max) max = p;
  }
  return `${fmt(min)}..${fmt(max)} (${fmt(distinct)} distinct)`;
}
