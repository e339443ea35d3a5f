import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Principal } from '@seminarwerk/http';
import { migrate } from '@seminarwerk/postgres';
import { createTestDatabase } from '@seminarwerk/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { offeringHandler, streamId } from '../src/app/offering-handler.ts';
import { rebuildRegistrations } from '../src/app/rebuild.ts';
import { registrationService } from '../src/app/registration-service.ts';
import { createDb, type Db } from '../src/db.ts';

let db: Db;
const partner: Principal = { kind: 'municipality', municipalityId: 'oldenburg', keyId: 'test' };

beforeAll(async () => {
  const url = await createTestDatabase('registration_rebuild');
  await migrate(url, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  db = createDb(url);
});
afterAll(() => db?.$disconnect());

async function openOffering(capacity: number): Promise<string> {
  const offeringId = randomUUID();
  const terms = {
    offeringId,
    snapshot: {
      seminarId: randomUUID(),
      title: 'Krisenkommunikation',
      startsAt: '2027-04-13T09:00:00+02:00',
      endsAt: '2027-04-13T16:00:00+02:00',
      venue: 'Osnabrück',
    },
    capacity,
    registrationDeadline: '2027-03-30',
    fee: { amountCents: 31000, currency: 'EUR' as const },
    vat: 'exempt-4-22a' as const,
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  };
  await offeringHandler(db).handle(
    streamId(offeringId),
    { type: 'OpenOffering', terms, now: new Date('2027-01-01T10:00:00Z') },
    { actor: 'test' },
  );
  return offeringId;
}

const snapshot = () => db.registration.findMany({ orderBy: { id: 'asc' } });

it('rebuilds the registrations read model from the event store to exactly what the live projection wrote', async () => {
  const registrations = registrationService(db, () => new Date('2027-01-05T10:00:00Z'));
  for (const [offeringId, people] of [
    [await openOffering(2), ['a', 'b', 'c', 'd']],
    [await openOffering(1), ['e', 'f']],
  ] as const) {
    const made = [];
    for (const name of people) {
      made.push(
        await registrations.register(
          {
            offeringId,
            participant: { firstName: name, lastName: 'R', email: `${name}@rebuild.example` },
            // Some with a purchase order reference: it is rebuilt from the booking events too.
            ...(name === 'b' || name === 'c' ? { purchaseOrderReference: `AZ ${name}` } : {}),
          },
          partner,
        ),
      );
    }
    await registrations.cancel(made[0]!.id, partner); // frees a seat: the head of the waiting list moves up
  }
  const live = await snapshot();
  expect(live).toHaveLength(6);
  const references = live.flatMap((r) => (r.purchaseOrderReference ? [r.purchaseOrderReference] : []));
  expect(references.sort()).toEqual(['AZ b', 'AZ c']);

  await db.registration.updateMany({ data: { firstName: 'corrupted', attended: true, purchaseOrderReference: 'corrupted' } }); // prove the rebuild writes, not keeps
  const result = await rebuildRegistrations(db);
  expect(result.registrations).toBe(6);
  expect(await snapshot()).toEqual(live);
});
