import { randomUUID } from 'node:crypto';
import { RegistrationConfirmed, Topics } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { cloudEvent, createKafka, createPublisher } from '@seminarwerk/messaging';

export interface PositionPlan {
  municipalities: readonly string[];
  /** How many positions (confirmed registrations) in all, spread over the municipalities and `offerings` dates. */
  amount: number;
  offerings: number;
  /** `YYYY-MM`: every date lies in this month. */
  month: string;
}

/**
 * Confirmed registrations as registration publishes them, straight onto the system's registration topic: each
 * becomes a billable position in invoicing. A third of the seminars are taxed at 19 %, the rest VAT-exempt.
 */
export async function publishConfirmations(kafkaBrokers: string, namespace: string, plan: PositionPlan): Promise<number> {
  const logger = createLogger('bench-invoicing', 'warn');
  const publisher = await createPublisher(createKafka({ brokers: kafkaBrokers.split(','), clientId: 'bench-invoicing', logger }));
  try {
    const offerings = Array.from({ length: plan.offerings }, (_, i) => ({
      offeringId: randomUUID(),
      seminarId: randomUUID(),
      day: `${plan.month}-${String(1 + (i % 27)).padStart(2, '0')}`,
      vat: i % 3 === 0 ? ('standard-19' as const) : ('exempt-4-22a' as const),
      title: `Benchmarkseminar ${i + 1}: Rechnungsstellung im Ansturm`,
    }));
    const messages = Array.from({ length: plan.amount }, (_, i) => {
      const offering = offerings[i % offerings.length] as (typeof offerings)[number];
      const municipalityId = plan.municipalities[i % plan.municipalities.length] as string;
      const data = RegistrationConfirmed.data.parse({
        registrationId: randomUUID(),
        offeringId: offering.offeringId,
        municipalityId,
        participant: { firstName: 'Teilnehmerin', lastName: `Nummer ${i + 1}`, email: `teilnehmerin.${i + 1}@bench.example` },
        bookedBy: { kind: 'municipality', municipalityId },
        offering: {
          seminarId: offering.seminarId,
          title: offering.title,
          startsAt: `${offering.day}T08:00:00.000Z`,
          endsAt: `${offering.day}T15:00:00.000Z`,
          venue: 'Studieninstitut, Oldenburg',
        },
        fee: { amountCents: 29_000 + (i % 7) * 1_000, currency: 'EUR' },
        vat: offering.vat,
        purchaseOrderReference: `BENCH-${i + 1}`,
        via: 'direct',
        confirmedAt: new Date().toISOString(),
      });
      const event = cloudEvent({
        type: RegistrationConfirmed.type,
        source: '/seminarwerk/registration',
        subject: data.registrationId,
        time: new Date(),
        data,
      });
      return { topic: `${namespace}${Topics.registration}`, key: data.offeringId, event };
    });
    for (let i = 0; i < messages.length; i += 200) await publisher.publish(messages.slice(i, i + 200));
    return messages.length;
  } finally {
    await publisher.disconnect();
  }
}
