import { randomUUID } from 'node:crypto';
import {
  AttendanceRecorded,
  type DataOf,
  type EventContract,
  type Participant,
  ParticipantErased,
  RegistrationConfirmed,
  RegistrationSubstituted,
  RegistrationWaitlisted,
  Topics,
} from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import { backOfficePrincipal, eventually, municipalityPrincipal, type ServiceUnderTest, type SmtpTestServer } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../src/app/deliveries.ts';
import { confirmation, startNotificationWithSmtp } from './support.ts';

let notification: ServiceUnderTest;
let smtp: SmtpTestServer;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ notification, smtp, stop } = await startNotificationWithSmtp());
});
afterAll(() => stop?.());

/** Someone of their own, with names and an address nobody else in the database has. */
function person(label: string): Participant {
  const tag = randomUUID().slice(0, 8);
  return { firstName: `${label}${tag}`, lastName: `Nachname${tag}`, email: `${label.toLowerCase()}.${tag}@example.org` };
}

/** Publishes as registration does: keyed by the offering, at `time` (the instant registration recorded it). */
async function publish<C extends EventContract>(
  contract: C,
  data: DataOf<C> & { registrationId: string; offeringId: string },
  time = new Date(),
) {
  const event = cloudEvent({ type: contract.type, source: '/seminarwerk/registration', subject: data.registrationId, time, data });
  await notification.publish([{ topic: Topics.registration, key: data.offeringId, event }]);
  return event;
}

const rows = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await notification.db.query(sql, params)).rows as T[];

/** Every row of every table of notification's schema as text: what a dump of the database would show. */
async function dump(): Promise<string> {
  const tables = await rows<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`);
  const text: string[] = [];
  for (const { name } of tables) text.push(...(await rows<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)).map((r) => r.row));
  return text.join('\n').toLowerCase();
}

const mentions = (text: string, p: Participant) => [p.email, p.firstName, p.lastName].filter((s) => text.includes(s.toLowerCase()));

/** The rows of a registration as text, to show they did not change. */
const rowsOf = async (registrationId: string) => ({
  deliveries: (
    await rows<{ row: string }>(`SELECT t::text AS row FROM deliveries t WHERE registration_id = $1 ORDER BY id`, [registrationId])
  ).map((r) => r.row),
  feed: (
    await rows<{ row: string }>(`SELECT t::text AS row FROM public_events t WHERE ordering_key = $1 ORDER BY position`, [registrationId])
  ).map((r) => r.row),
});

const processed = (eventId: string) =>
  eventually(async () => expect(await rows(`SELECT 1 FROM processed_messages WHERE event_id = $1`, [eventId])).toHaveLength(1));

const feedPayload = async (eventId: string) =>
  eventually(async () => {
    const [row] = await rows<{ payload: string }>(`SELECT payload FROM public_events WHERE event_id = $1`, [eventId]);
    expect(row).toBeDefined();
    return JSON.parse(row?.payload ?? '') as { data: Record<string, unknown> };
  });

const erasure = (data: { registrationId: string; offeringId: string }, overrides: Partial<DataOf<typeof ParticipantErased>> = {}) =>
  ParticipantErased.data.parse({
    registrationId: data.registrationId,
    offeringId: data.offeringId,
    municipalityId: 'musterstadt',
    erasureId: randomUUID(),
    reason: 'request',
    leftAt: null,
    erasedAt: new Date().toISOString(),
    ...overrides,
  });

const backOffice = () => notification.as(backOfficePrincipal());
const confirmationOfErasure = async (erasureId: string, registrationIds: string[]) => {
  const { status, body } = await backOffice().get<{ completed: boolean }>(
    `/privacy/erasures/${erasureId}?registrationIds=${registrationIds.join(',')}`,
  );
  expect(status).toBe(200);
  return body.completed;
};

describe('erasure of a participant (registration.participant-erased.v1)', () => {
  it('blanks every copy of the person, never sends their pending mail, and confirms only once applied', async () => {
    const anna = person('Anna');
    const bert = person('Bert');
    const waitlisted = RegistrationWaitlisted.data.parse({
      ...confirmation(`Erasure ${randomUUID().slice(0, 8)}`, { participant: anna }),
      position: 1,
      waitlistedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const { offeringId, registrationId } = waitlisted;
    const onWaitlist = await publish(RegistrationWaitlisted, waitlisted, new Date(Date.now() - 60_000));
    await smtp.waitForMessages((m) => m.to.includes(anna.email), { timeoutMs: 30_000 });

    // The promotion's mail fails once and is held back: it is pending when the erasure comes.
    smtp.failNext(1);
    const promotion = confirmation(waitlisted.offering.title, { offeringId, registrationId, participant: anna, via: 'waitlist' });
    const promoted = await publish(RegistrationConfirmed, promotion);
    const [pending] = await eventually(async () => {
      const found = await rows<{ id: string }>(
        `UPDATE deliveries SET next_attempt_at = now() + interval '1 hour'
          WHERE trigger_event_id = $1 AND status = 'pending' AND attempts = 1 RETURNING id::text`,
        [promoted.id],
      );
      expect(found).toHaveLength(1);
      return found;
    });
    // A partner's endpoint that echoed the payload in its answer, kept in the webhook log.
    const [subscription] = await rows<{ id: string }>(
      `INSERT INTO webhook_subscriptions (id, url, events, secret, status, disabled_reason, disabled_at, created_by)
       VALUES (gen_random_uuid(), 'https://partner.example/hook', '{registration.waitlisted}', 'x', 'disabled', 'gone', now(), 'test')
       RETURNING id::text`,
    );
    await rows(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_position, ordering_key, status, response_body)
       SELECT gen_random_uuid(), $1, position, ordering_key, 'failed', 'echo: ' || left(payload, 1000) FROM public_events WHERE event_id = $2`,
      [subscription?.id, onWaitlist.id],
    );
    const other = confirmation('Nebenan', { participant: bert, offeringId });
    const otherEvent = await publish(RegistrationConfirmed, other);
    await processed(otherEvent.id);
    // Bert's confirmation is sent before his rows are taken: the sender must not change them while we compare.
    await eventually(async () =>
      expect(await rows(`SELECT 1 FROM deliveries WHERE registration_id = $1 AND status = 'sent'`, [other.registrationId])).toHaveLength(1),
    );
    const bertBefore = await rowsOf(other.registrationId);

    const erased = erasure(waitlisted);
    const erasureId = erased.erasureId as string;
    expect(mentions(await dump(), anna)).toHaveLength(3);
    expect(await confirmationOfErasure(erasureId, [registrationId])).toBe(false);

    const first = await publish(ParticipantErased, erased);
    await eventually(async () => expect(await confirmationOfErasure(erasureId, [registrationId])).toBe(true));
    await processed(first.id);

    expect(mentions(await dump(), anna)).toEqual([]);
    expect(await rowsOf(other.registrationId)).toEqual(bertBefore);
    const log = (await backOffice().get<{ items: DeliveryRecord[] }>(`/deliveries?registrationId=${registrationId}`)).body.items;
    expect(log.map((d) => [d.template, d.status, d.recipient])).toEqual([
      ['waitlist-promoted', 'erased', ''],
      ['registration-waitlisted', 'sent', ''],
    ]);
    expect((await rows(`SELECT status FROM deliveries WHERE id = $1`, [pending?.id]))[0]).toEqual({ status: 'erased' });
    expect((await backOffice().post(`/deliveries/${pending?.id}/resend`, {})).status).toBe(409);
    expect((await feedPayload(onWaitlist.id)).data.participant).toEqual({ erased: true });

    // The held-back mail is due now, and a later one is sent: the erased one was passed over, not sent.
    await rows(`UPDATE deliveries SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [pending?.id]);
    const marker = confirmation(`Marker ${randomUUID().slice(0, 8)}`);
    await publish(RegistrationConfirmed, marker);
    await smtp.waitForMessages((m) => m.to.includes(marker.participant.email), { timeoutMs: 30_000 });
    expect(smtp.messages.filter((m) => m.to.includes(anna.email)).map((m) => m.subject)).toEqual([
      `Warteliste: ${waitlisted.offering.title} (Platz 1)`,
    ]);

    // The access export's read still answers, with nothing of the person left to show.
    const subject = await backOffice().get<{ deliveries: unknown[]; publicEvents: unknown[] }>(
      `/privacy/subject?email=${encodeURIComponent(anna.email)}&registrationIds=${registrationId}`,
    );
    expect(subject.status).toBe(200);
    expect(subject.body.deliveries).toEqual([]);
    expect(subject.body.publicEvents).toHaveLength(2);
    expect(mentions(JSON.stringify(subject.body).toLowerCase(), anna)).toEqual([]);

    // The confirmation asks about every registration listed; none listed is nothing to wait for; back office only.
    expect(await confirmationOfErasure(erasureId, [registrationId, other.registrationId])).toBe(false);
    expect(await confirmationOfErasure(erasureId, [])).toBe(true);
    expect((await notification.as(municipalityPrincipal('musterstadt')).get(`/privacy/erasures/${erasureId}`)).status).toBe(403);
    expect((await notification.as().get(`/privacy/erasures/${erasureId}`)).status).toBe(401);
  });

  it('applies an erasure again after a restore (a new event id), over the receipt it finds or not', async () => {
    const ida = person('Ida');
    const data = confirmation(`Restore ${randomUUID().slice(0, 8)}`, { participant: ida });
    await publish(RegistrationConfirmed, data);
    await smtp.waitForMessages((m) => m.to.includes(ida.email), { timeoutMs: 30_000 });
    const before = await rows<{ id: string; recipient: string; payload: unknown; status: string }>(
      `SELECT id::text, recipient, payload, status FROM deliveries WHERE registration_id = $1`,
      [data.registrationId],
    );
    const erased = erasure(data);
    const erasureId = erased.erasureId as string;
    await publish(ParticipantErased, erased);
    await eventually(async () => expect(await confirmationOfErasure(erasureId, [data.registrationId])).toBe(true));

    // The backup was taken before the erasure: the person is back, the receipt is gone.
    for (const row of before) {
      await rows(`UPDATE deliveries SET recipient = $2, payload = $3 WHERE id = $1`, [row.id, row.recipient, row.payload]);
    }
    await rows(`DELETE FROM erasure_receipts WHERE erasure_id = $1`, [erasureId]);
    expect(mentions(await dump(), ida)).not.toEqual([]);
    expect(await confirmationOfErasure(erasureId, [data.registrationId])).toBe(false);

    await publish(ParticipantErased, erased);
    await eventually(async () => expect(await confirmationOfErasure(erasureId, [data.registrationId])).toBe(true));
    expect(mentions(await dump(), ida)).toEqual([]);

    // And once more, with its receipt there: nothing fails, one receipt.
    const again = await publish(ParticipantErased, erased);
    await processed(again.id);
    expect(await rows(`SELECT deliveries FROM erasure_receipts WHERE erasure_id = $1`, [erasureId])).toEqual([{ deliveries: 1 }]);
  });

  it('with leftAt, blanks the person who handed the place on and leaves the substitute as it was', async () => {
    const carla = person('Carla');
    const dora = person('Dora');
    const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
    const confirmed = confirmation(`Ersatz ${randomUUID().slice(0, 8)}`, { participant: carla, confirmedAt: minutesAgo(3).toISOString() });
    await publish(RegistrationConfirmed, confirmed, minutesAgo(3));
    const substitutedAt = minutesAgo(2);
    const substitution = RegistrationSubstituted.data.parse({
      ...confirmed,
      participant: dora,
      previous: carla,
      substitutedAt: substitutedAt.toISOString(),
    });
    // Registration records the event just after its decision: the event's time is a little later than substitutedAt.
    const substituted = await publish(RegistrationSubstituted, substitution, new Date(substitutedAt.getTime() + 3));
    const attendance = AttendanceRecorded.data.parse({ ...substitution, attended: true, recordedAt: minutesAgo(1).toISOString() });
    const attended = await publish(AttendanceRecorded, attendance, minutesAgo(1));
    await smtp.waitForMessages((m) => m.to.includes(dora.email), { timeoutMs: 30_000 });
    await processed(attended.id);
    const doraMail = (await smtp.waitForMessages((m) => m.to.includes(dora.email)))[0];
    expect(doraMail?.text).toContain(`als Ersatz für ${carla.firstName} ${carla.lastName}`);
    const attendanceBefore = (await rowsOf(confirmed.registrationId)).feed.at(-1);

    const erased = erasure(confirmed, { erasureId: null, reason: 'retention', leftAt: substitutedAt.toISOString() });
    await publish(ParticipantErased, erased);
    await eventually(async () =>
      expect(
        await rows(`SELECT 1 FROM erasure_receipts WHERE registration_id = $1 AND erasure_id IS NULL`, [confirmed.registrationId]),
      ).toHaveLength(1),
    );

    const after = await dump();
    expect(mentions(after, carla)).toEqual([]);
    expect(mentions(after, dora)).toHaveLength(3);
    expect((await rowsOf(confirmed.registrationId)).feed.at(-1)).toBe(attendanceBefore);
    const entry = (await feedPayload(substituted.id)).data;
    expect(entry.previousParticipant).toEqual({ erased: true });
    expect(entry.participant).toEqual(dora);
    const [substituteMail] = await rows<{ recipient: string; payload: { toName: string; text: string; attachments: unknown[] } }>(
      `SELECT recipient, payload FROM deliveries WHERE trigger_event_id = $1 AND template = 'substitute-confirmed'`,
      [substituted.id],
    );
    expect(substituteMail?.recipient).toBe(dora.email);
    expect(substituteMail?.payload.toName).toBe(`${dora.firstName} ${dora.lastName}`);
    expect(substituteMail?.payload.text).toContain('als Ersatz für eine andere Person');
    expect(substituteMail?.payload.attachments).toHaveLength(1);
  });

  it('mails nobody whose data is erased, and on a substitution only the side that is not', async () => {
    const nobody = { ...confirmation(`Niemand ${randomUUID().slice(0, 8)}`), participant: { erased: true as const } };
    const toNobody = await publish(RegistrationConfirmed, nobody);
    expect((await feedPayload(toNobody.id)).data.participant).toEqual({ erased: true });
    expect(await rows(`SELECT 1 FROM deliveries WHERE trigger_event_id = $1`, [toNobody.id])).toEqual([]);

    const eva = person('Eva');
    const substitution = RegistrationSubstituted.data.parse({
      ...confirmation(`Nachfolge ${randomUUID().slice(0, 8)}`),
      participant: eva,
      previous: { erased: true },
      substitutedAt: new Date().toISOString(),
    });
    const substituted = await publish(RegistrationSubstituted, substitution);
    const [mail] = await smtp.waitForMessages((m) => m.to.includes(eva.email), { timeoutMs: 30_000 });
    expect(mail?.text).toContain('als Ersatz für eine andere Person');
    expect((await rows(`SELECT template FROM deliveries WHERE trigger_event_id = $1`, [substituted.id])).map((r) => r.template)).toEqual([
      'substitute-confirmed',
    ]);
    expect((await feedPayload(substituted.id)).data.previousParticipant).toEqual({ erased: true });
  });
});
