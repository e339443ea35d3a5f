import { apiClient, startTestSystem, type TestSystem } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../infra/seed.ts';

type Json = Record<string, any>;

let system: TestSystem;

beforeAll(async () => {
  // What `npm start` seeds, through the gateway: customers (invoicing), keys and the programme (catalogue).
  system = await startTestSystem({ smtpUrl: 'smtp://127.0.0.1:9', services: ['catalogue', 'invoicing', 'gateway'] });
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

describe('the demo seed', () => {
  it('publishes the demo programme with structured venues and online dates, and adds nothing the second time', async () => {
    const first = await seedDemo(system.gatewayUrl, { backOffice: system.backOfficeKey, municipalities: {} });
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

    const again = await seedDemo(system.gatewayUrl, first.keys);
    expect(again.seminarsAdded).toBe(0);
    expect(again.keys).toEqual(first.keys);
    expect((await anyone.get<Json>('/v1/offerings?limit=100')).body.items).toHaveLength(12);
  });
});
