import { apiClient, eventually, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSeeded, seedDemo } from '../../../infra/seed.ts';

type Json = Record<string, any>;

let system: TestSystem;
let first: DemoSeeded;
let again: DemoSeeded;

beforeAll(async () => {
  // What `npm start` seeds, through the gateway: customers (invoicing), keys, the programme (catalogue) and a few
  // registrations (registration) that invoicing drafts.
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', services: ['catalogue', 'registration', 'invoicing', 'gateway'] });
  const quiet = { report: () => {} };
  first = await seedDemo(system.gatewayUrl, { backOffice: system.backOfficeKey, municipalities: {} }, quiet);
  again = await seedDemo(system.gatewayUrl, first.keys, quiet);
}, 240_000);

afterAll(async () => {
  await system?.stop();
});

const backOffice = () => apiClient(system.gatewayUrl, system.backOfficeKey);

describe('the demo seed', () => {
  it('publishes the demo programme with structured venues and online dates, and adds nothing the second time', async () => {
    expect(first.seminarsAdded).toBe(8);
    expect(Object.keys(first.keys.municipalities)).toHaveLength(6);

    const anyone = apiClient(system.gatewayUrl);
    const offerings = (await anyone.get<Json>('/v1/offerings?limit=100')).body.items as Json[];
    expect(offerings).toHaveLength(12);
    expect(offerings.filter((o) => o.format === 'online')).toHaveLength(4);
    for (const online of offerings.filter((o) => o.format === 'online')) expect(online).toMatchObject({ venue: null, location: 'Online' });
    const oldenburg = (await anyone.get<Json>('/v1/offerings?city=oldenburg&limit=100')).body.items as Json[];
    expect(oldenburg).toHaveLength(3);
    expect(oldenburg[0]).toMatchObject({
      format: 'onsite',
      venue: { name: 'Seminarzentrum', street: 'Musterstraße 1', postalCode: '26121', city: 'Oldenburg' },
      location: 'Seminarzentrum, Musterstraße 1, 26121 Oldenburg',
    });

    expect(again.seminarsAdded).toBe(0);
    expect(again.keys).toEqual(first.keys);
    expect((await anyone.get<Json>('/v1/offerings?limit=100')).body.items).toHaveLength(12);
  });

  it('makes every demo municipality a customer, some billed per registration and some monthly', async () => {
    const customers = await Promise.all(
      Object.keys(first.keys.municipalities).map(async (id) => (await backOffice().get<Json>(`/v1/customers/${id}`)).body),
    );
    expect(new Set(customers.map((c) => c.billing))).toEqual(new Set(['per-registration', 'collective-monthly']));
    expect(customers.find((c) => c.id === 'oldenburg')).toMatchObject({
      leitwegId: '03403000-57',
      billing: 'per-registration',
      paymentTermsDays: 30,
      supplierNumber: 'K-100423',
    });
    expect(customers.find((c) => c.id === 'hannover')).toMatchObject({ billing: 'collective-monthly', supplierNumber: null });
  });

  it("books the demo registrations once, with the municipalities' purchase order references", async () => {
    expect(first.bookings).toEqual({ added: 9, refused: [] });
    expect(again.bookings).toEqual({ added: 0, refused: [] });

    const hannover = (await backOffice().get<Json>('/v1/registrations?municipalityId=hannover')).body.items as Json[];
    expect(hannover.map((r) => [r.participant.lastName, r.status, r.purchaseOrderReference]).sort()).toEqual([
      ['Becker', 'confirmed', 'BN 4500012345'],
      ['Schulz', 'confirmed', 'BN 4500012345'],
      ['Yilmaz', 'confirmed', 'BN 4500012399'],
    ]);
    const everyone = (await backOffice().get<Json>('/v1/registrations?limit=200')).body.items as Json[];
    expect(everyone).toHaveLength(9);
  });

  it('leaves drafts to issue, and says how to issue and download one', async () => {
    const drafts = await eventually(async () => {
      const items = (await backOffice().get<Json>('/v1/invoices?status=draft')).body.items as Json[];
      expect(items.length).toBeGreaterThan(0);
      return items;
    });
    expect(new Set(drafts.map((d) => d.municipalityId)).size).toBeGreaterThan(1);
    expect(first.invoicingHint).toMatch(/\/v1\/invoices\/[0-9a-f-]{36}\/issue/);
    expect(first.invoicingHint).toContain('/pdf');
    expect(first.invoicingHint).toContain('/xrechnung');
  });
});
