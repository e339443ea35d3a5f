/**
 * What must hold once the system has caught up, whatever happened to it: read from the services' databases, the
 * SMTP server's mailbox and the dead-letter topics, against what the clients were told.
 */
import type { ReceivedMessage } from '@seminarwerk/testing';
import type { Databases } from './backlog.ts';
import type { LoadLog } from './load.ts';

export interface Invariant {
  name: string;
  pass: boolean;
  detail: string;
}

export const INVARIANTS = [
  '201s exist once',
  'once per date',
  'confirmed <= capacity',
  'waiting list 1..n',
  'one position each',
  'invoice numbers',
  'one mail each',
  'no dead letters',
] as const;

export interface MailCheck {
  /** Extra copies of a message at the SMTP server, beyond the first, over the whole run. */
  duplicates: ReceivedMessage[];
  /** Duplicates not explained by a kill -9 of notification (see `explained`). */
  unexplained: number;
}

export interface InvariantInput {
  databases: Databases;
  log: LoadLog;
  capacity: number;
  mailbox: readonly ReceivedMessage[];
  /** A duplicate that a kill -9 of notification explains: its first copy arrived before the kill, the next after. */
  notificationKills: readonly number[];
  deadLetters: Record<string, number>;
}

const invariant = (name: (typeof INVARIANTS)[number], pass: boolean, detail: string): Invariant => ({ name, pass, detail });

export async function checkInvariants(input: InvariantInput): Promise<{ invariants: Invariant[]; mail: MailCheck }> {
  const registration = input.databases.registration;
  const rows = (
    await registration.query<{ id: string; offering_id: string; email: string; status: string; waitlist_seq: number | null }>(
      'SELECT id::text, offering_id::text, lower(email) AS email, status, waitlist_seq FROM registrations',
    )
  ).rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const answered = input.log.registered;
  const answeredIds = new Set(answered.map((r) => r.id));
  const missing = answered.filter((r) => !byId.has(r.id)).length;
  const twiceAnswered = answered.length - answeredIds.size;
  const unanswered = rows.filter((r) => !answeredIds.has(r.id)).length;
  const gaveUp = input.log.requests.filter((r) => r.status === 0 && (r.kind === 'register' || r.kind === 'register-again')).length;
  const invariants = [
    invariant(
      '201s exist once',
      missing === 0 && twiceAnswered === 0 && unanswered <= gaveUp,
      `${answered.length} answered 201, ${rows.length} stored; ${missing} missing, ${twiceAnswered} ids answered twice, ${unanswered} stored without a 201 (${gaveUp} requests given up)`,
    ),
  ];

  const active = rows.filter((r) => r.status !== 'cancelled');
  const perDate = new Map<string, number>();
  for (const r of active) perDate.set(`${r.offering_id} ${r.email}`, (perDate.get(`${r.offering_id} ${r.email}`) ?? 0) + 1);
  const twice = [...perDate.values()].filter((n) => n > 1).length;
  invariants.push(invariant('once per date', twice === 0, `${twice} participants twice on one date (of ${perDate.size})`));

  const offerings = new Map<string, { confirmed: number; seqs: (number | null)[] }>();
  for (const r of active) {
    const o = offerings.get(r.offering_id) ?? { confirmed: 0, seqs: [] };
    if (r.status === 'confirmed') o.confirmed += 1;
    else o.seqs.push(r.waitlist_seq);
    offerings.set(r.offering_id, o);
  }
  const over = [...offerings.values()].filter((o) => o.confirmed > input.capacity).length;
  const most = Math.max(0, ...[...offerings.values()].map((o) => o.confirmed));
  invariants.push(invariant('confirmed <= capacity', over === 0, `${over} dates overbooked; most confirmed ${most} of ${input.capacity}`));
  const gapped = [...offerings.values()].filter((o) => new Set(o.seqs).size !== o.seqs.length || o.seqs.includes(null)).length;
  const idleSeats = [...offerings.values()].filter((o) => o.seqs.length > 0 && o.confirmed < input.capacity).length;
  const waiting = [...offerings.values()].reduce((n, o) => n + o.seqs.length, 0);
  invariants.push(
    invariant(
      'waiting list 1..n',
      gapped === 0 && idleSeats === 0,
      `${waiting} waiting; ${gapped} lists with a shared or missing place; ${idleSeats} dates with someone waiting for a free seat`,
    ),
  );

  invariants.push(await positionsCheck(input.databases));
  invariants.push(await numbersCheck(input.databases));
  const mail = await mailCheck(input);
  invariants.push(mail.invariant);
  const lettered = Object.entries(input.deadLetters).filter(([, n]) => n > 0);
  invariants.push(
    invariant(
      'no dead letters',
      lettered.length === 0,
      lettered.length === 0 ? 'every dead-letter topic empty' : lettered.map(([t, n]) => `${n} in ${t}`).join(', '),
    ),
  );
  return { invariants, mail: mail.check };
}

/** A registration confirmed for a municipality is billed: exactly one position, and no position for anything else. */
async function positionsCheck(databases: Databases): Promise<Invariant> {
  const billable = new Set(
    (
      await databases.registration.query<{ id: string }>(
        `SELECT DISTINCT e.data->>'registrationId' AS id FROM events e
           JOIN registrations r ON r.id::text = e.data->>'registrationId'
          WHERE e.type = 'RegistrationConfirmed' AND r.municipality_id IS NOT NULL`,
      )
    ).rows.map((r) => r.id),
  );
  const positions = (await databases.invoicing.query<{ id: string }>('SELECT registration_id::text AS id FROM positions')).rows.map(
    (r) => r.id,
  );
  const unbilled = [...billable].filter((id) => !positions.includes(id)).length;
  const foreign = positions.filter((id) => !billable.has(id)).length;
  const twice = positions.length - new Set(positions).size;
  return invariant(
    'one position each',
    unbilled === 0 && foreign === 0 && twice === 0,
    `${billable.size} billable registrations, ${positions.length} positions; ${unbilled} without, ${foreign} for nothing billable, ${twice} twice`,
  );
}

/** Per series and year (RE-2027-00001): 1..n, each once, and the counter at n. */
async function numbersCheck(databases: Databases): Promise<Invariant> {
  const numbers = (await databases.invoicing.query<{ number: string }>('SELECT number FROM invoices WHERE number IS NOT NULL')).rows.map(
    (r) => r.number,
  );
  const counters = (
    await databases.invoicing.query<{ series: string; year: number; last_number: number }>(
      'SELECT series, year, last_number FROM invoice_number_counters',
    )
  ).rows;
  const bySeries = new Map<string, number[]>();
  for (const number of numbers) {
    const cut = number.lastIndexOf('-');
    const series = number.slice(0, cut);
    bySeries.set(series, [...(bySeries.get(series) ?? []), Number(number.slice(cut + 1))]);
  }
  const problems: string[] = [];
  for (const [series, list] of bySeries) {
    const sorted = [...list].sort((a, b) => a - b);
    if (!sorted.every((n, i) => n === i + 1)) problems.push(`${series}: not 1..${sorted.length}`);
  }
  for (const c of counters) {
    const issued = bySeries.get(`${c.series}-${c.year}`)?.length ?? 0;
    if (issued !== c.last_number) problems.push(`${c.series}-${c.year}: counter ${c.last_number}, ${issued} issued`);
  }
  const summary = [...bySeries].map(([s, l]) => `${s}: ${l.length}`).join(', ') || 'none issued';
  return invariant('invoice numbers', problems.length === 0, problems.length === 0 ? summary : problems.join('; '));
}

/**
 * Every delivery the notification service recorded as sent arrived at the SMTP server: exactly once (its Message-ID is
 * `<delivery id@seminarwerk>`, and a delivery is one trigger event and template), none failed, none unknown, and every
 * registration has its mail.
 */
async function mailCheck(input: InvariantInput): Promise<{ invariant: Invariant; check: MailCheck }> {
  const deliveries = (
    await input.databases.notification.query<{ message_id: string; status: string; registration_id: string | null }>(
      'SELECT message_id, status, registration_id::text FROM deliveries',
    )
  ).rows;
  const copies = new Map<string, ReceivedMessage[]>();
  for (const m of input.mailbox) copies.set(m.messageId ?? '', [...(copies.get(m.messageId ?? '') ?? []), m]);
  const known = new Set(deliveries.map((d) => d.message_id));
  const unknown = [...copies.keys()].filter((id) => !known.has(id)).length;
  const notArrived = deliveries.filter((d) => d.status === 'sent' && !copies.has(d.message_id)).length;
  const failed = deliveries.filter((d) => d.status === 'failed').length;
  const mailed = new Set(deliveries.map((d) => d.registration_id));
  const withoutMail = input.log.registered.filter((r) => !mailed.has(r.id)).length;
  const duplicates = [...copies.values()].flatMap((list) => list.slice(1));
  const explained = (list: ReceivedMessage[]) => {
    const first = list[0]?.receivedAt.getTime() ?? 0;
    const last = list.at(-1)?.receivedAt.getTime() ?? 0;
    return list.length === 2 && input.notificationKills.some((kill) => first <= kill + 2_000 && last >= kill);
  };
  const unexplained = [...copies.values()].filter((list) => list.length > 1 && !explained(list)).length;
  return {
    check: { duplicates, unexplained },
    invariant: invariant(
      'one mail each',
      unknown === 0 && notArrived === 0 && failed === 0 && withoutMail === 0 && unexplained === 0,
      `${deliveries.length} deliveries, ${input.mailbox.length} mails received; ${notArrived} sent but not received, ${failed} failed, ` +
        `${unknown} unknown, ${withoutMail} registrations without a mail, ${duplicates.length} duplicates (${unexplained} not explained by a kill -9 of notification)`,
    ),
  };
}
