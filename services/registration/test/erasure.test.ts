import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Principal } from '@seminarwerk/http';
import { createLogger } from '@seminarwerk/logging';
import { migrate } from '@seminarwerk/postgres';
import { applyRetention } from '@seminarwerk/runtime';
import { createTestDatabase } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offeringHandler, streamId } from '../src/app/offering-handler.ts';
import { rebuildRegistrations } from '../src/app/rebuild.ts';
import { registrationService } from '../src/app/registration-service.ts';
import { subjectData } from '../src/app/subject-data.ts';
import { createDb, type Db } from '../src/db.ts';
import { participantErasure, participantRetention } from '../src/privacy/erasure.ts';
import { sealClearParticipants } from '../src/privacy/seal-existing.ts';

let db: Db;
const partner: Principal = { kind: 'municipality', municipalityId: 'oldenburg', keyId: 'test' };
const clock = () => new Date('2027-01-05T10:00:00Z');

beforeAll(async () => {
  const url = await createTestDatabase('registration_erasure');
  await migrate(url, fileURLToPath(new URL('../prisma/migrations', import.meta.url)));
  db = createDb(url);
});
afterAll(() => db?.$disconnect());

async function openOffering(capacity: number, endsAt = '2027-04-13T16:00:00+02:00'): Promise<string> {
  const offeringId = randomUUID();
  const terms = {
    offeringId,
    snapshot: { seminarId: randomUUID(), title: 'Krisenkommunikation', startsAt: '2027-04-13T09:00:00+02:00', endsAt, venue: 'Osnabrück' },
    capacity,
    registrationDeadline: '2027-03-30',
    fee: { amountCents: 31000, currency: 'EUR' as const },
    vat: 'exempt-4-22a' as const,
    cancellationTerms: { freeUntilDaysBefore: 14, lateCancellationFeePercent: 50, noShowFeePercent: 100, substituteAllowed: true },
  };
  await offeringHandler(db).handle(streamId(offeringId), { type: 'OpenOffering', terms, now: clock() }, { actor: 'test' });
  return offeringId;
}

const person = (firstName: string, lastName: string) => ({
  firstName,
  lastName,
  email: `${firstName}.${lastName}@erasure.example`.toLowerCase().replace('ü', 'ue'),
});

/** Every row of every table of registration's database, as text. */
async function dump(): Promise<string> {
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const rows = await Promise.all(
    tables.map(({ table_name }) => db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name}" t`)),
  );
  return rows
    .flat()
    .map((r) => r.row)
    .join('\n')
    .toLowerCase();
}

const eventsText = async () =>
  (await db.$queryRaw<{ data: string }[]>`SELECT data::text FROM events`).map((e) => e.data.toLowerCase()).join('\n');

const outboxOf = (type: string, registrationId: string) =>
  db.$queryRaw<{ payload: { id: string; data: Record<string, unknown> } }[]>`
    SELECT payload FROM outbox WHERE payload->>'type' = ${type} AND payload->'data'->>'registrationId' = ${registrationId} ORDER BY id`;

describe('erasure of a person', () => {
  const anna = person('Annegret', 'Vogelsang');
  const bernd = person('Bernd', 'Hollmann');
  const carla = person('Carla', 'Ostendorf');
  const gesa = person('Gesa', 'Tammen');

  it('leaves the name and address nowhere in registration, keeps every place and the waiting list, and rebuilds', async () => {
    const registrations = registrationService(db, clock);
    const erasure = participantErasure(db, registrations.handler, clock);
    const full = await openOffering(2);
    const another = await openOffering(1);
    const handedOn = await openOffering(3);
    const annaConfirmed = await registrations.register({ offeringId: full, participant: anna }, partner);
    await registrations.register({ offeringId: full, participant: bernd }, partner);
    const carlaWaiting = await registrations.register({ offeringId: full, participant: carla }, partner);
    await registrations.register({ offeringId: another, participant: bernd }, partner);
    // Upper case: an address is the same person in any case.
    const annaWaiting = await registrations.register(
      { offeringId: another, participant: { ...anna, email: anna.email.toUpperCase() } },
      partner,
    );
    const annaHandedOn = await registrations.register({ offeringId: handedOn, participant: anna }, partner);
    await registrations.substitute(annaHandedOn.id, gesa, partner);
    // Sealed in the events from the start; in clear text in the read model (the API reads it) and the messages sent.
    expect(await eventsText()).not.toContain('vogelsang');
    expect(await db.registration.count({ where: { email: { equals: anna.email, mode: 'insensitive' } } })).toBe(2);

    const erasureId = randomUUID();
    const outcome = await erasure.erase({ erasureId, email: anna.email, actor: 'staff:test' });

    expect(outcome.registrationIds.sort()).toEqual([annaConfirmed.id, annaWaiting.id, annaHandedOn.id].sort());
    expect(outcome.emails).toEqual([anna.email]);
    const everything = await dump();
    for (const trace of [anna.email, anna.firstName, anna.lastName]) expect(everything).not.toContain(trace.toLowerCase());
    for (const trace of [bernd.email, carla.lastName, gesa.email]) expect(everything).toContain(trace.toLowerCase());

    // The places stay: two confirmed on the full date, Carla still first in line; Gesa still holds the place handed on.
    const view = await registrations.views.view(await db.registration.findUniqueOrThrow({ where: { id: carlaWaiting.id } }));
    expect(view.waitlistPosition).toBe(1);
    expect(await db.registration.count({ where: { offeringId: full, status: 'confirmed' } })).toBe(2);
    expect(
      (await registrations.views.view(await db.registration.findUniqueOrThrow({ where: { id: annaConfirmed.id } }))).participant,
    ).toEqual({
      erased: true,
    });
    expect((await db.registration.findUniqueOrThrow({ where: { id: annaHandedOn.id } })).email).toBe(gesa.email);

    // One event per registration, naming nobody; the place handed on says when Anna left it.
    const [erasedHandedOn] = await outboxOf('registration.participant-erased.v1', annaHandedOn.id);
    expect(erasedHandedOn?.payload.data).toMatchObject({ erasureId, reason: 'request', leftAt: expect.any(String) });
    const [erasedConfirmed] = await outboxOf('registration.participant-erased.v1', annaConfirmed.id);
    expect(erasedConfirmed?.payload.data).toMatchObject({ erasureId, leftAt: null });

    // Asked again (the gateway retries): the same answer, nothing erased twice.
    const again = await erasure.erase({ erasureId, email: anna.email, actor: 'staff:test' });
    expect(again.registrationIds.sort()).toEqual(outcome.registrationIds.sort());
    expect(await outboxOf('registration.participant-erased.v1', annaConfirmed.id)).toHaveLength(1);

    // Later events about her registrations name nobody: the promotion of her waiting place, her cancellation.
    const bernds = await db.registration.findFirstOrThrow({ where: { offeringId: another, email: bernd.email } });
    await registrations.cancel(bernds.id, partner);
    const [promoted] = await outboxOf('registration.confirmed.v1', annaWaiting.id);
    expect(promoted?.payload.data.participant).toEqual({ erased: true });
    await registrations.cancel(annaConfirmed.id, partner);
    const [cancelled] = await outboxOf('registration.cancelled.v1', annaConfirmed.id);
    expect(cancelled?.payload.data.participant).toEqual({ erased: true });
    expect(await dump()).not.toContain(anna.lastName.toLowerCase());

    // The read model rebuilds from the streams to what the live projection wrote.
    const live = await db.registration.findMany({ orderBy: { id: 'asc' } });
    await db.registration.updateMany({ data: { firstName: 'corrupted' } });
    await rebuildRegistrations(db);
    expect(await db.registration.findMany({ orderBy: { id: 'asc' } })).toEqual(live);

    // The access export finds nothing of her any more.
    expect((await subjectData(db)(anna.email)).registrations).toEqual([]);
  });

  it('erases by registration the person who holds it, everywhere they are registered', async () => {
    const registrations = registrationService(db, clock);
    const erasure = participantErasure(db, registrations.handler, clock);
    const dora = person('Dora', 'Wübbena');
    const first = await registrations.register({ offeringId: await openOffering(2), participant: dora }, partner);
    const second = await registrations.register({ offeringId: await openOffering(2), participant: dora }, partner);
    const outcome = await erasure.erase({ erasureId: randomUUID(), registrationId: first.id, actor: 'staff:test' });
    expect(outcome.registrationIds.sort()).toEqual([first.id, second.id].sort());
    expect(await dump()).not.toContain('wübbena');
    await expect(erasure.erase({ erasureId: randomUUID(), registrationId: randomUUID(), actor: 'staff:test' })).rejects.toMatchObject({
      rejection: { code: 'registration-not-found' },
    });
  });

  it('applies a ledger entry again after a restore brought the keys and the names back', async () => {
    const registrations = registrationService(db, clock);
    const erasure = participantErasure(db, registrations.handler, clock);
    const enno = person('Enno', 'Schoolmann');
    const offeringId = await openOffering(2);
    const registered = await registrations.register({ offeringId, participant: enno }, partner);
    const keysBefore = await db.participantKey.findMany({ where: { registrationId: registered.id } });
    const rowBefore = await db.registration.findUniqueOrThrow({ where: { id: registered.id } });
    const erasureId = randomUUID();
    const outcome = await erasure.erase({ erasureId, email: enno.email, actor: 'staff:test' });

    // What a restore of a backup from before the erasure brings back here: the keys and the read model's row.
    await db.participantKey.createMany({ data: keysBefore });
    const { firstName, lastName, email } = rowBefore;
    await db.registration.update({ where: { id: registered.id }, data: { firstName, lastName, email, erasedAt: null } });
    expect(await dump()).toContain('schoolmann');

    await erasure.reapply(erasureId, outcome.registrationIds, outcome.keyIds, 'staff:test');
    expect(await dump()).not.toContain('schoolmann');
    // Published again for the services downstream, whose restored copies need blanking too.
    const published = await outboxOf('registration.participant-erased.v1', registered.id);
    expect(published.map((m) => m.payload.id).filter((id) => id.includes('.reapplied.'))).toHaveLength(1);
  });
});

describe('retention of participant data after the date', () => {
  it('erases the people of dates that ended more than the retention period ago, and nobody else', async () => {
    const registrations = registrationService(db, clock);
    const erasure = participantErasure(db, registrations.handler, clock);
    const past = await openOffering(2, '2027-04-13T16:00:00+02:00');
    const later = await openOffering(2, '2027-09-30T16:00:00+02:00');
    const frieda = person('Frieda', 'Janssen');
    const hinrich = person('Hinrich', 'Eilers');
    const due = await registrations.register({ offeringId: past, participant: frieda }, partner);
    const kept = await registrations.register({ offeringId: later, participant: hinrich }, partner);
    const policy = participantRetention(erasure, 24);
    const logger = createLogger('test', 'silent');

    // Just before the period ends for the earlier date: nothing of either goes.
    await applyRetention([policy], new Date('2029-04-13T12:00:00Z'), logger);
    expect(await dump()).toContain('janssen');

    const [run] = await applyRetention([policy], new Date('2029-04-15T12:00:00Z'), logger);
    expect(run?.purged).toBeGreaterThanOrEqual(1);
    const everything = await dump();
    expect(everything).not.toContain('janssen');
    expect(everything).toContain('eilers');
    expect((await db.registration.findUniqueOrThrow({ where: { id: due.id } })).status).toBe('confirmed');
    expect((await db.registration.findUniqueOrThrow({ where: { id: kept.id } })).email).toBe(hinrich.email);
    const [erased] = await outboxOf('registration.participant-erased.v1', due.id);
    expect(erased?.payload.data).toMatchObject({ erasureId: null, reason: 'retention', leftAt: null });
  });
});

describe('streams recorded before sealing', () => {
  it('seals the people of older events once, and reads them as before', async () => {
    const registrations = registrationService(db, clock);
    const offeringId = await openOffering(2);
    const registered = await registrations.register({ offeringId, participant: person('Ilka', 'Rademacher') }, partner);
    // An event as it was stored before issue 14: the person in clear text.
    await db.$executeRaw`
      UPDATE events SET data = jsonb_set(data, '{participant}', ${JSON.stringify(person('Ilka', 'Rademacher'))}::jsonb)
       WHERE data->>'registrationId' = ${registered.id}`;
    expect(await eventsText()).toContain('"email": "ilka.rademacher@erasure.example"');

    expect(await sealClearParticipants(db)).toBeGreaterThanOrEqual(1);
    expect(await sealClearParticipants(db)).toBe(0);
    expect(await eventsText()).not.toContain('rademacher');
    const live = await db.registration.findMany({ where: { offeringId }, orderBy: { id: 'asc' } });
    await rebuildRegistrations(db);
    expect(await db.registration.findMany({ where: { offeringId }, orderBy: { id: 'asc' } })).toEqual(live);
  });
});
