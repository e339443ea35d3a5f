/** Registration started on its own, fed catalogue events as the catalogue would publish them. */
import { randomUUID } from 'node:crypto';
import { type CloudEvent, type DataOf, type EventContract, OfferingScheduled, Topics } from '@seminarwerk/contracts';
import { cloudEvent } from '@seminarwerk/messaging';
import { eventually, type ServiceUnderTest, startServiceUnderTest } from '@seminarwerk/testing';
import { loadConfig } from '../src/config.ts';
import { startRegistration } from '../src/main.ts';
import { CONSUMER } from '../src/messaging/consumers.ts';

export const startRegistrationUnderTest = () =>
  startServiceUnderTest('registration', (env) => startRegistration(loadConfig({ ...env })), { topics: [Topics.registration] });

export type Json = Record<string, any>;

export const person = (name: string, domain = 'registration.example') => ({
  firstName: name,
  lastName: 'Muster',
  email: `${name}@${domain}`,
});

/** A date from 9 to 16 March 2027, open for registration until 23 February: months ahead of the tests' clock. */
export function offeringData(more: Partial<DataOf<typeof OfferingScheduled>> = {}): DataOf<typeof OfferingScheduled> {
  return {
    offeringId: randomUUID(),
    seminarId: randomUUID(),
    seminarTitle: 'Social Media in der Verwaltung',
    startsAt: '2027-03-09T08:00:00Z',
    endsAt: '2027-03-10T15:00:00Z',
    venue: 'Tagungshaus, Lüneburg',
    capacity: 2,
    registrationDeadline: '2027-02-23',
    status: 'published',
    fee: { amountCents: 29000, currency: 'EUR' },
    vat: 'exempt-4-22a',
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
    ...more,
  };
}

/** Publishes one catalogue event on the offering's key (as the catalogue does) and returns it. */
export async function publishCatalogue<C extends EventContract>(
  service: ServiceUnderTest,
  contract: C,
  data: DataOf<C> & { offeringId: string },
): Promise<CloudEvent> {
  const event = cloudEvent({ type: contract.type, source: '/seminarwerk/catalogue', subject: data.offeringId, data, time: new Date() });
  await service.publish([{ topic: Topics.catalogue, key: data.offeringId, event }]);
  return event;
}

export interface InboxRow {
  outcome: 'handled' | 'rejected';
  rejection_code: string | null;
}

/** The inbox's record of the event, once registration has processed it: proof that the consumer ran. */
export const processed = (service: ServiceUnderTest, eventId: string) =>
  eventually(async () => {
    const { rows } = await service.db.query<InboxRow>(
      'SELECT outcome, rejection_code FROM processed_messages WHERE consumer = $1 AND event_id = $2',
      [CONSUMER, eventId],
    );
    if (!rows[0]) throw new Error(`event ${eventId} not processed yet`);
    return rows[0];
  });

/** A published date registration has opened (waits for the consumer, no retries of registrations). */
export async function openOffering(service: ServiceUnderTest, more: Partial<DataOf<typeof OfferingScheduled>> = {}): Promise<string> {
  const data = offeringData(more);
  const event = await publishCatalogue(service, OfferingScheduled, data);
  const row = await processed(service, event.id);
  if (row.outcome !== 'handled') throw new Error(`opening ${data.offeringId} was refused: ${row.rejection_code}`);
  return data.offeringId;
}
