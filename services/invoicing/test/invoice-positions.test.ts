import { RegistrationCancelled, RegistrationConfirmed } from '@seminarwerk/contracts';
import { eventually, municipalityPrincipal } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backOffice, cancelled, confirmed, customer, type InvoicingUnderTest, publish, startInvoicingUnderTest } from './support.ts';

type Json = Record<string, any>;
let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
  invoicing.setClock('2027-04-15T10:00:00Z');
});
afterAll(() => invoicing?.stop());

const list = async (query: string) => {
  const response = await backOffice(invoicing).get<Json>(`/invoice-positions?${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { items: Json[]; nextCursor: string | null };
};
const reasons = (items: Json[]) => items.map((p) => [p.participant.split(' ')[1], p.status, p.waitingFor.map((w: Json) => w.reason)]);

describe('the positions ready to invoice (back office)', () => {
  it('says of each open position whether a run today would bill it, and if not why', async () => {
    const billed = await customer(invoicing);
    const collective = await customer(invoicing, { billing: 'collective-monthly' });
    const noLeitwegId = await customer(invoicing, { leitwegId: null });
    const noCustomer = 'gemeinde-ohne-kundendaten';
    const started = confirmed(billed, { day: '2027-03-01', lastName: 'Started' });
    const late = confirmed(billed, { day: '2027-03-02', lastName: 'Late' });
    const free = confirmed(billed, { day: '2027-03-03', lastName: 'Free' });
    const future = confirmed(billed, { day: '2027-05-01', lastName: 'Future' });
    const lastMonth = confirmed(collective, { day: '2027-03-10', lastName: 'LastMonth' });
    const thisMonth = confirmed(collective, { day: '2027-04-10', lastName: 'ThisMonth' });
    const withoutId = confirmed(noLeitwegId, { day: '2027-03-01', lastName: 'WithoutId' });
    const unknown = confirmed(noCustomer, { day: '2027-05-02', lastName: 'Unknown' });
    for (const r of [started, late, free, future, lastMonth, thisMonth, withoutId, unknown])
      await publish(invoicing, RegistrationConfirmed, r);
    await publish(invoicing, RegistrationCancelled, cancelled(late, 'late', 50));
    await publish(invoicing, RegistrationCancelled, cancelled(free));

    const ours = [billed, collective, noLeitwegId, noCustomer];
    const all = await eventually(async () => {
      const items = (await Promise.all(ours.map((m) => list(`municipalityId=${m}`)))).flatMap((page) => page.items);
      expect(items.map((p) => p.participant).sort()).toEqual(
        ['Future', 'Late', 'LastMonth', 'Started', 'ThisMonth', 'Unknown', 'WithoutId'].map((n) => `Grete ${n}`).sort(),
      );
      expect(items.find((p) => p.registrationId === late.registrationId)?.kind).toBe('cancellation-fee');
      return items;
    });
    const byName = (name: string) => all.find((p) => p.participant === `Grete ${name}`);
    expect(byName('Late')).toMatchObject({ status: 'ready', kind: 'cancellation-fee', feePercent: 50, netCents: 14_250 });
    expect(byName('Started')).toMatchObject({
      registrationId: started.registrationId,
      municipalityId: billed,
      offeringId: started.offeringId,
      title: 'Vergaberecht kompakt',
      serviceDate: '2027-03-01',
      kind: 'fee',
      feePercent: 100,
      netCents: 28_500,
      billing: 'per-registration',
      status: 'ready',
      waitingFor: [],
    });
    expect(reasons([byName('Future'), byName('LastMonth'), byName('ThisMonth'), byName('WithoutId'), byName('Unknown')] as Json[])).toEqual(
      [
        ['Future', 'waiting', ['not-started']],
        ['LastMonth', 'ready', []],
        ['ThisMonth', 'waiting', ['month-not-over']],
        ['WithoutId', 'waiting', ['missing-leitweg-id']],
        ['Unknown', 'waiting', ['not-started', 'missing-customer']],
      ],
    );

    // The filter and the reasons agree: a status asked for is the status answered.
    for (const status of ['ready', 'waiting']) {
      const filtered = (await Promise.all(ours.map((m) => list(`municipalityId=${m}&status=${status}`)))).flatMap((page) => page.items);
      expect(filtered.map((p) => p.registrationId).sort()).toEqual(
        all
          .filter((p) => p.status === status)
          .map((p) => p.registrationId)
          .sort(),
      );
    }
    expect((await list(`offeringId=${future.offeringId}`)).items.map((p) => p.registrationId)).toEqual([future.registrationId]);

    // A page at a time, by date.
    const first = await list(`municipalityId=${billed}&limit=2`);
    const second = await list(`municipalityId=${billed}&limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((p) => p.participant)).toEqual(['Grete Started', 'Grete Late', 'Grete Future']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses partners, unknown statuses and foreign cursors', async () => {
    expect((await invoicing.as(municipalityPrincipal('oldenburg')).get('/invoice-positions')).status).toBe(403);
    expect((await backOffice(invoicing).get('/invoice-positions?status=issued')).status).toBe(400);
    const foreign = await backOffice(invoicing).get<Json>('/invoice-positions?cursor=bm90LWEtY3Vyc29y');
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
