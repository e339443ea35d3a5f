import { RegistrationConfirmed } from '@seminarwerk/contracts';
import type { Invoice, InvoiceRunResult } from '@seminarwerk/contracts/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backOffice,
  type Confirmed,
  confirmed,
  counters,
  customer,
  draftOf,
  type InvoicingUnderTest,
  invoicesWhere,
  numbersFrom,
  publish,
  startInvoicingUnderTest,
} from './support.ts';

// Invoice runs: what they select, that two at once never bill a position twice or skip a number, dry runs.
// Each test runs in a year of its own, so its numbers start at 00001.

let invoicing: InvoicingUnderTest;

beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
});
afterAll(() => invoicing?.stop());

async function positions(municipalityId: string, days: readonly string[], overrides: Partial<Confirmed> = {}): Promise<Confirmed[]> {
  const registrations = days.map((day) => confirmed(municipalityId, { day, ...overrides }));
  for (const registration of registrations) await publish(invoicing, RegistrationConfirmed, registration);
  await Promise.all(registrations.map((r) => draftOf(invoicing, r.registrationId)));
  return registrations;
}

async function run(body: Record<string, unknown>) {
  return backOffice(invoicing).post<InvoiceRunResult>('/invoice-runs', body);
}

async function xmlOf(invoiceIds: readonly string[]): Promise<string[]> {
  const { rows } = await invoicing.db.query(
    `SELECT convert_from(content, 'UTF8') AS xml FROM invoice_documents WHERE kind = 'xrechnung' AND invoice_id = ANY($1)`,
    [invoiceIds],
  );
  return rows.map((r) => r.xml);
}

describe('two invoice runs at once', () => {
  it('issue every due draft once, numbered 1 to N without a gap, with no position on two invoices', async () => {
    invoicing.setClock('2040-04-02T08:00:00Z');
    const single = await customer(invoicing);
    const collective = await customer(invoicing, { billing: 'collective-monthly' });
    const billed = [
      ...(await positions(single, [
        '2040-01-10',
        '2040-01-20',
        '2040-02-03',
        '2040-02-14',
        '2040-02-28',
        '2040-03-01',
        '2040-03-09',
        '2040-03-30',
      ])),
      ...(await positions(collective, [
        '2040-01-05',
        '2040-01-06',
        '2040-01-31',
        '2040-02-01',
        '2040-02-29',
        '2040-03-03',
        '2040-03-04',
        '2040-03-31',
      ])),
    ];
    const later = [...(await positions(single, ['2040-04-01'])), ...(await positions(collective, ['2040-04-01']))];

    const [first, second] = await Promise.all([run({ upTo: '2040-03-31' }), run({ upTo: '2040-03-31' })]);

    expect([first?.status, second?.status]).toEqual([201, 201]);
    const issued = [...first!.body.issued, ...second!.body.issued];
    // 8 invoices of their own and 3 collective ones (January, February, March), each issued by one run only.
    expect(issued).toHaveLength(11);
    expect(new Set(issued.map((i) => i.id)).size).toBe(11);
    expect(issued.map((i) => i.number).sort()).toEqual(numbersFrom(11, 2040));
    expect((await counters(invoicing))['RE-2040']).toBe(11);
    expect(
      issued
        .filter((i) => i.municipalityId === collective)
        .map((i) => i.lines)
        .sort(),
    ).toEqual([2, 3, 3]);
    // The loser of each race reports the positions of the invoice it found issued, as skipped.
    for (const skipped of [...first!.body.skipped, ...second!.body.skipped]) expect(skipped.reason).toBe('already-issued');

    // The read model: every billed registration on exactly one issued invoice, none of April's on any.
    const invoices = [
      ...(await invoicesWhere(invoicing, `municipalityId=${single}`)),
      ...(await invoicesWhere(invoicing, `municipalityId=${collective}`)),
    ];
    const onIssued = invoices.filter((i) => i.status === 'issued').flatMap((i) => i.lines.map((l) => l.registrationId));
    expect(onIssued.sort()).toEqual(billed.map((r) => r.registrationId).sort());
    for (const r of later) expect(onIssued).not.toContain(r.registrationId);
    // The stored XML: every billed participant's name in exactly one document.
    const xml = await xmlOf(issued.map((i) => i.id));
    expect(xml).toHaveLength(11);
    for (const r of billed)
      expect(
        xml.filter((doc) => doc.includes(r.participant.lastName)),
        r.participant.lastName,
      ).toHaveLength(1);
  });
});

describe('what a run bills', () => {
  it('waits for a collective month to be over, then bills it on one invoice with a line each and VAT per category', async () => {
    invoicing.setClock('2041-05-20T08:00:00Z');
    const collective = await customer(invoicing, { billing: 'collective-monthly' });
    const [anna, bert, cleo] = [
      ...(await positions(collective, ['2041-05-04'], { fee: { amountCents: 34_000, currency: 'EUR' }, purchaseOrderReference: 'AZ 1' })),
      ...(await positions(collective, ['2041-05-12'], { fee: { amountCents: 12_345, currency: 'EUR' }, vat: 'reduced-7' })),
      ...(await positions(collective, ['2041-05-25'], {
        fee: { amountCents: 9_999, currency: 'EUR' },
        vat: 'standard-19',
        purchaseOrderReference: 'AZ 2',
      })),
    ];

    const early = await run({ upTo: '2041-05-20', municipalityId: collective });

    expect(early.status).toBe(201);
    expect(early.body.issued).toEqual([]);
    expect(early.body.skipped.map((s) => [s.registrationId, s.reason]).sort()).toEqual(
      [anna, bert].map((r) => [r!.registrationId, 'month-not-over']).sort(),
    );

    invoicing.setClock('2041-06-02T08:00:00Z');
    const due = await run({ upTo: '2041-05-31', municipalityId: collective });

    expect(due.body.issued).toMatchObject([
      { municipalityId: collective, lines: 3, number: 'RE-2041-00001', grossCents: 34_000 + 12_345 + 864 + 9_999 + 1_900 },
    ]);
    const invoice = (await backOffice(invoicing).get<Invoice>(`/invoices/${due.body.issued[0]!.id}`)).body;
    expect(invoice).toMatchObject({
      billing: 'collective-monthly',
      period: '2041-05',
      purchaseOrderReference: null,
      totals: { netCents: 56_344, vatCents: 2_764, grossCents: 59_108 },
      validation: { result: 'valid' },
    });
    expect(invoice.lines.map((l) => [l.registrationId, l.vatRatePercent, l.purchaseOrderReference])).toEqual([
      [anna!.registrationId, 0, 'AZ 1'],
      [bert!.registrationId, 7, null],
      [cleo!.registrationId, 19, 'AZ 2'],
    ]);
    const [xml] = await xmlOf([invoice.id]);
    // References differ: no BT-13, each line says its own (BT-127). Three VAT categories, each rounded once.
    expect(xml).not.toContain('<cac:OrderReference>');
    expect(xml).toContain('Bestellnummer / Aktenzeichen: AZ 1');
    expect(xml).toContain('Bestellnummer / Aktenzeichen: AZ 2');
    expect(xml?.match(/<cac:TaxSubtotal>/g)).toHaveLength(3);
  });

  it('retries held invoices, and bills only the municipality asked for', async () => {
    invoicing.setClock('2042-04-02T08:00:00Z');
    const unrouted = await customer(invoicing, { leitwegId: null });
    const other = await customer(invoicing);
    const [held] = await positions(unrouted, ['2042-03-10']);
    const [elsewhere] = await positions(other, ['2042-03-10']);

    const first = await run({ upTo: '2042-03-31', municipalityId: unrouted });
    expect(first.body).toMatchObject({ issued: [], held: [{ municipalityId: unrouted, reason: 'missing-leitweg-id' }] });
    expect((await draftOf(invoicing, elsewhere!.registrationId)).status).toBe('draft');

    await customer(invoicing, { id: unrouted, leitwegId: '03403000-57' });
    const second = await run({ upTo: '2042-03-31', municipalityId: unrouted });
    expect(second.body).toMatchObject({ issued: [{ municipalityId: unrouted, number: 'RE-2042-00001' }], held: [] });
    expect((await invoicesWhere(invoicing, `registrationId=${held!.registrationId}`))[0]).toMatchObject({ status: 'issued' });
  });
});

describe('a dry run', () => {
  it('reports what a run would issue and hold, and writes nothing: no number, no hold, no event', async () => {
    invoicing.setClock('2043-04-02T08:00:00Z');
    const ready = await customer(invoicing);
    const unrouted = await customer(invoicing, { leitwegId: null });
    const due = await positions(ready, ['2043-03-01', '2043-03-02']);
    await positions(unrouted, ['2043-03-03']);
    const { rows: before } = await invoicing.db.query('SELECT count(*)::int AS n FROM events');

    const response = await run({ upTo: '2043-03-31', dryRun: true });

    expect(response.status).toBe(200);
    const mine = (r: { municipalityId: string }) => r.municipalityId === ready || r.municipalityId === unrouted;
    expect(response.body.dryRun).toBe(true);
    expect(response.body.issued.filter(mine)).toEqual(
      expect.arrayContaining(due.map(() => expect.objectContaining({ municipalityId: ready, number: null, grossCents: 28_500, lines: 1 }))),
    );
    expect(response.body.issued.filter(mine)).toHaveLength(2);
    expect(response.body.held.filter(mine)).toMatchObject([{ municipalityId: unrouted, reason: 'missing-leitweg-id' }]);
    const { rows: after } = await invoicing.db.query('SELECT count(*)::int AS n FROM events');
    expect(after[0].n).toBe(before[0].n);
    expect(await counters(invoicing)).not.toHaveProperty('RE-2043');
    expect((await invoicesWhere(invoicing, `municipalityId=${unrouted}`)).map((i) => [i.status, i.hold])).toEqual([['draft', null]]);
  });

  it('lets only the back office run', async () => {
    const response = await invoicing
      .as({ kind: 'municipality', municipalityId: 'oldenburg', keyId: 'k' })
      .post('/invoice-runs', { upTo: '2043-03-31' });
    expect(response.status).toBe(403);
  });
});
