import { randomUUID } from 'node:crypto';
import {
  type DataOf,
  type EventMessage,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationWaitlisted,
} from '@seminarwerk/contracts';
import type { EventFeedPage, WebhookEvent } from '@seminarwerk/contracts/api';
import {
  backOfficePrincipal,
  municipalityPrincipal,
  type ServiceUnderTest,
  type SmtpTestServer,
  startSmtpServer,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancellation, confirmationFor, message, startNotificationForWebhooks, waitlisting } from './webhook-support.ts';

let smtp: SmtpTestServer;
let notification: ServiceUnderTest;

beforeAll(async () => {
  smtp = await startSmtpServer();
  notification = await startNotificationForWebhooks(smtp.url);
});

afterAll(async () => {
  await notification?.stop();
  await smtp?.close();
});

type Confirmed = DataOf<typeof RegistrationConfirmed>;

/**
 * What happens on one full offering of `municipality`: two confirmed, two waitlisted; the first confirmed cancels and
 * the head of the waiting list is promoted; the second waitlisted cancels. Seven events, as registration publishes them.
 */
function busyOffering(municipality: string): EventMessage[] {
  const offeringId = randomUUID();
  const person = () => confirmationFor(municipality, { offeringId });
  const [anna, ben, cem, dora] = [person(), person(), person(), person()] as [Confirmed, Confirmed, Confirmed, Confirmed];
  return [
    message(RegistrationConfirmed, anna),
    message(RegistrationConfirmed, ben),
    message(RegistrationWaitlisted, waitlisting(cem, 1)),
    message(RegistrationWaitlisted, waitlisting(dora, 2)),
    message(RegistrationCancelled, cancellation(anna)),
    message(RegistrationConfirmed, { ...cem, via: 'waitlist' }),
    message(RegistrationCancelled, {
      ...cancellation(dora),
      previousStatus: 'waitlisted',
      classification: { kind: 'free', feePercent: 0 },
    }),
  ];
}

/** Pages through the feed (`limit` per page) until it has seen `ids`, keeping every item it was given. */
async function readFeed(client: ReturnType<ServiceUnderTest['as']>, query: string, ids: ReadonlySet<string>) {
  const seen: WebhookEvent[] = [];
  let cursor: string | null = null;
  await expect
    .poll(
      async () => {
        const after: string = cursor ? `&after=${cursor}` : '';
        const { status, body } = await client.get<EventFeedPage>(`/events?limit=3${query}${after}`);
        expect(status).toBe(200);
        seen.push(...body.items);
        cursor = body.nextCursor;
        return seen.filter((e) => ids.has(e.id)).length;
      },
      { timeout: 30_000, interval: 20 },
    )
    .toBe(ids.size);
  return seen;
}

describe('the event feed', () => {
  it("returns every event of a run of registrations, cancellations and promotions exactly once across pages, the caller's only", async () => {
    const a = `feed-a-${randomUUID().slice(0, 8)}`;
    const b = `feed-b-${randomUUID().slice(0, 8)}`;
    const ofA = [...busyOffering(a), ...busyOffering(a), ...busyOffering(a)];
    const ofB = [...busyOffering(b), ...busyOffering(b)];
    // Read while the events are still being consumed: pages end wherever the consumer happens to be.
    const publishing = (async () => {
      for (let i = 0; i < Math.max(ofA.length, ofB.length); i++) {
        await notification.publish([...(ofA[i] ? [ofA[i] as EventMessage] : []), ...(ofB[i] ? [ofB[i] as EventMessage] : [])]);
      }
    })();
    const idsOfA = new Set(ofA.map((m) => m.event.id));
    const seenByA = await readFeed(notification.as(municipalityPrincipal(a)), '', idsOfA);
    await publishing;

    expect(seenByA.map((e) => e.id).sort()).toEqual([...idsOfA].sort());
    expect(seenByA.every((e) => (e.data as { municipalityId: string }).municipalityId === a)).toBe(true);
    const types = seenByA.map((e) => e.type);
    expect(types.filter((t) => t === 'registration.confirmed')).toHaveLength(6);
    expect(types.filter((t) => t === 'registration.waitlisted')).toHaveLength(6);
    expect(types.filter((t) => t === 'registration.cancelled')).toHaveLength(6);
    expect(types.filter((t) => t === 'registration.promoted')).toHaveLength(3);
    // In the order they happened, per offering (one offering's events are consumed in order).
    const firstOffering = ofA.slice(0, 7).map((m) => m.event.id);
    expect(seenByA.map((e) => e.id).filter((id) => firstOffering.includes(id))).toEqual(firstOffering);

    // B sees its own only, the back office both, and a partner cannot widen its view with `municipalityId`.
    const idsOfB = new Set(ofB.map((m) => m.event.id));
    const seenByB = await readFeed(notification.as(municipalityPrincipal(b)), `&municipalityId=${a}`, idsOfB);
    expect(seenByB.map((e) => e.id).sort()).toEqual([...idsOfB].sort());
    const backOffice = await readFeed(notification.as(backOfficePrincipal()), `&municipalityId=${b}`, idsOfB);
    expect(backOffice).toHaveLength(idsOfB.size);
  });

  it('filters by type, and answers a wrong cursor or type with 400', async () => {
    const m = `feed-t-${randomUUID().slice(0, 8)}`;
    const run = busyOffering(m);
    await notification.publish(run);
    const promotions = new Set([run[5]?.event.id as string]);
    const client = notification.as(municipalityPrincipal(m));
    const seen = await readFeed(client, '&types=registration.promoted,invoice.paid', promotions);
    expect(seen.map((e) => e.type)).toEqual(['registration.promoted']);
    expect((await client.get('/events?after=not-a-cursor')).status).toBe(400);
    const wrongType = await client.get<{ errors: { field: string }[] }>('/events?types=registration.confirmed,registration.lost');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors[0]?.field).toBe('types');
  });
});
