import { randomUUID } from 'node:crypto';
import { municipalityPrincipal } from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backOffice, customer, type InvoicingUnderTest, startInvoicingUnderTest } from './support.ts';

type Json = Record<string, any>;
let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
});
afterAll(() => invoicing?.stop());

describe('the customer list (back office)', () => {
  it('lists by name a page at a time, filtered by part of the name, billing mode and a missing Leitweg-ID', async () => {
    const tag = randomUUID().slice(0, 6);
    const names = ['Stadt Celle', 'Gemeinde Apen', 'Landkreis Ammerland', 'Stadt Aurich'].map((n) => `${n} ${tag}`);
    const [celle, apen, ammerland, aurich] = await Promise.all([
      customer(invoicing, { name: names[0], billing: 'collective-monthly' }),
      customer(invoicing, { name: names[1], leitwegId: null }),
      customer(invoicing, { name: names[2] }),
      customer(invoicing, { name: names[3], leitwegId: null, billing: 'collective-monthly' }),
    ]);
    const list = async (query: string) => {
      const response = await backOffice(invoicing).get<Json>(`/customers?${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as { items: Json[]; nextCursor: string | null };
    };

    const first = await list(`q=${tag.toUpperCase()}&limit=3`);
    expect(first.items.map((c) => c.id)).toEqual([apen, ammerland, aurich]);
    const second = await list(`q=${tag}&limit=3&cursor=${first.nextCursor}`);
    expect(second).toEqual({
      items: [expect.objectContaining({ id: celle, name: names[0], billing: 'collective-monthly' })],
      nextCursor: null,
    });

    expect((await list(`q=${tag}&missingLeitwegId=true`)).items.map((c) => c.id)).toEqual([apen, aurich]);
    expect((await list(`q=${tag}&billingMode=collective-monthly`)).items.map((c) => c.id)).toEqual([aurich, celle]);
    expect(
      (await list(`q=${encodeURIComponent(` ${tag}`)}&billingMode=collective-monthly&missingLeitwegId=false`)).items.map((c) => c.id),
    ).toEqual([celle]);
  });

  it('refuses a foreign cursor naming it, and partners', async () => {
    const foreign = await backOffice(invoicing).get<Json>('/customers?cursor=bm90LWEtY3Vyc29y');
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    expect((await invoicing.as(municipalityPrincipal('oldenburg')).get('/customers')).status).toBe(403);
  });
});
