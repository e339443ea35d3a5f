import { RegistrationConfirmed } from '@seminarwerk/contracts';
import { createLogger } from '@seminarwerk/logging';
import { applyRetention } from '@seminarwerk/runtime';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issuedInvoiceNames } from '../src/app/invoice-retention.ts';
import { createDb, type Db } from '../src/db.ts';
import {
  backOffice,
  confirmed,
  customer,
  download,
  draftOf,
  type InvoicingUnderTest,
  issue,
  publish,
  startInvoicingUnderTest,
} from './support.ts';

// Issued invoices keep participants' names for 8 years after the end of their year of issue (§ 147 AO, § 14b UStG),
// then lose them. The retention job's clock is fixed: exactly what is due goes.

let invoicing: InvoicingUnderTest;
let db: Db;
beforeAll(async () => {
  invoicing = await startInvoicingUnderTest();
  db = createDb((invoicing.db as unknown as pg.Pool).options.connectionString as string);
});
afterAll(async () => {
  await db?.$disconnect();
  await invoicing?.stop();
});

/** An invoice issued on `issuedOn` for a participant of its own; its name and the position's registration. */
async function issuedOn(municipalityId: string, day: string, issuedAt: string) {
  const registration = confirmed(municipalityId, { day });
  await publish(invoicing, RegistrationConfirmed, registration);
  const draft = await draftOf(invoicing, registration.registrationId);
  invoicing.setClock(issuedAt);
  const invoice = await issue(invoicing, draft.id);
  return { invoice, registrationId: registration.registrationId, name: `Grete ${registration.participant.lastName}` };
}

const textOf = async (sql: string, values: unknown[]) => JSON.stringify((await invoicing.db.query(sql, values)).rows);

async function namesOf(issued: Awaited<ReturnType<typeof issuedOn>>) {
  const { invoice, registrationId, name } = issued;
  return {
    invoice: (await textOf('SELECT lines FROM invoices WHERE id = $1', [invoice.id])).includes(name),
    events: (await textOf('SELECT data FROM events WHERE stream_id = $1', [`invoice-${invoice.id}`])).includes(name),
    position: (await textOf('SELECT participant FROM positions WHERE registration_id = $1', [registrationId])).includes(name),
    positionEvents: (await textOf('SELECT data FROM events WHERE stream_id = $1', [`registration-invoice-${registrationId}`])).includes(
      name,
    ),
    documents: (await download(invoicing, `/invoices/${invoice.id}/xrechnung`)).status === 200,
  };
}

it('blanks the names of invoices whose 8 years after the end of their year of issue are over, and nothing else', async () => {
  const municipality = await customer(invoicing);
  const of2025 = await issuedOn(municipality, '2025-12-01', '2025-12-31T20:00:00Z');
  const of2026 = await issuedOn(municipality, '2026-01-05', '2026-01-10T09:00:00Z');
  const named = { invoice: true, events: true, position: true, positionEvents: true, documents: true };
  const gone = { invoice: false, events: false, position: false, positionEvents: false, documents: false };
  const policy = [issuedInvoiceNames(db, 8)];
  const lines: string[] = [];
  const logger = createLogger('retention-test', 'info', { write: (line: string) => void lines.push(line) });

  // The last minute of 2033 in Berlin: the 2025 invoice is kept until its end.
  expect(await applyRetention(policy, new Date('2033-12-31T22:59:00Z'), logger)).toMatchObject([{ purged: 0 }]);
  expect(await namesOf(of2025)).toEqual(named);

  // New Year 2034 in Berlin (still 2033 in UTC): 2025's period is over, 2026's is not.
  expect(await applyRetention(policy, new Date('2033-12-31T23:00:00Z'), logger)).toMatchObject([{ purged: 1 }]);
  expect(await namesOf(of2025)).toEqual(gone);
  expect(await namesOf(of2026)).toEqual(named);
  const kept = await backOffice(invoicing).get<{ number: string; totals: { grossCents: number }; lines: { participant: string }[] }>(
    `/invoices/${of2025.invoice.id}`,
  );
  expect(kept.body).toMatchObject({ number: of2025.invoice.number, totals: { grossCents: 28_500 }, lines: [{ participant: '' }] });
  expect(lines.filter((l) => l.includes('retention: purged'))).toHaveLength(1);
  expect(lines.join('\n')).not.toContain(of2025.name);

  // Applying it again finds nothing left to do.
  expect(await applyRetention(policy, new Date('2034-06-01T00:00:00Z'), logger)).toMatchObject([{ purged: 0 }]);
});

it('refuses to change or delete an issued document outside the retention job', async () => {
  const municipality = await customer(invoicing);
  const { invoice } = await issuedOn(municipality, '2027-03-01', '2027-04-01T10:00:00Z');
  await expect(db.$executeRaw`DELETE FROM invoice_documents WHERE invoice_id = ${invoice.id}::uuid`).rejects.toThrow(/kept as issued/);
});
