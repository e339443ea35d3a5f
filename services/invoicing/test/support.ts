import { randomUUID } from 'node:crypto';
import {
  type DataOf,
  type Participant,
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationRescheduled,
  RegistrationSubstituted,
  Topics,
} from '@seminarwerk/contracts';
import type { CustomerInput, Invoice, InvoicePage } from '@seminarwerk/contracts/api';
import type { Principal } from '@seminarwerk/http';
import { cloudEvent } from '@seminarwerk/messaging';
import { backOfficePrincipal, eventually, type ServiceUnderTest, startServiceUnderTest } from '@seminarwerk/testing';
import { expect, inject } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { type InvoicingOverrides, startInvoicing } from '../src/main.ts';

/** A confirmation these tests publish: it names its participant (an erased one is made explicitly). */
export type Confirmed = DataOf<typeof RegistrationConfirmed> & { participant: Participant };
export type Cancelled = DataOf<typeof RegistrationCancelled>;

/**
 * Invoicing in this process against the run's PostgreSQL, Kafka and XRechnung validator, with a clock the
 * test sets (issue dates, years of numbers, due dates) and whatever else a test replaces.
 */
export async function startInvoicingUnderTest(overrides: Omit<InvoicingOverrides, 'clock'> = {}) {
  let now = new Date('2027-04-01T10:00:00Z');
  const service = await startServiceUnderTest(
    'invoicing',
    (env) => startInvoicing(loadConfig({ ...env, VALIDATOR_URL: inject('validatorUrl') }), { ...overrides, clock: () => now }),
    { topics: [Topics.invoicing] },
  );
  return Object.assign(service, {
    /** Issue dates (and so the year of numbers) and "today" for overdue invoices follow this clock. */
    setClock(at: string) {
      now = new Date(at);
    },
  });
}
export type InvoicingUnderTest = Awaited<ReturnType<typeof startInvoicingUnderTest>>;

export const backOffice = (service: ServiceUnderTest) => service.as(backOfficePrincipal());

/** A customer of its own (unless `id` is given), billed as asked. */
export async function customer(service: ServiceUnderTest, overrides: Partial<CustomerInput> = {}): Promise<string> {
  const id = overrides.id ?? `gemeinde-${randomUUID().slice(0, 8)}`;
  const response = await backOffice(service).put('/customers', {
    name: 'Stadt Oldenburg (Oldb)',
    invoiceEmail: 'rechnungseingang@oldenburg.example',
    leitwegId: '03403000-57',
    billingAddress: {
      department: 'Fachdienst Personal und Organisation',
      street: 'Markt 1',
      postalCode: '26122',
      city: 'Oldenburg (Oldb)',
    },
    billing: 'per-registration',
    paymentTermsDays: 30,
    supplierNumber: 'K-100423',
    ...overrides,
    id,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return id;
}

/** A confirmation as registration publishes it, for a registration (and by default an offering) of its own. */
export function confirmed(municipalityId: string, overrides: Partial<Confirmed> & { day?: string; lastName?: string } = {}): Confirmed {
  const { day = '2027-03-01', lastName = `Meyer-${randomUUID().slice(0, 6)}`, ...rest } = overrides;
  return RegistrationConfirmed.data.parse({
    registrationId: randomUUID(),
    offeringId: randomUUID(),
    municipalityId,
    participant: { firstName: 'Grete', lastName, email: `grete.${randomUUID().slice(0, 6)}@example.org` },
    bookedBy: { kind: 'municipality', municipalityId },
    offering: {
      seminarId: randomUUID(),
      title: 'Vergaberecht kompakt',
      startsAt: `${day}T08:00:00.000Z`,
      endsAt: `${day}T15:30:00.000Z`,
      venue: 'Studieninstitut, Raum 3',
    },
    fee: { amountCents: 28_500, currency: 'EUR' },
    vat: 'exempt-4-22a',
    via: 'direct',
    confirmedAt: new Date().toISOString(),
    ...rest,
  }) as Confirmed;
}

const facts = (r: Confirmed) => {
  const { registrationId, offeringId, municipalityId, participant, bookedBy, offering } = r;
  return { registrationId, offeringId, municipalityId, participant, bookedBy, offering };
};

export function cancelled(
  registration: Confirmed,
  kind: 'free' | 'late' | 'no-show' = 'free',
  feePercent = 0,
  reason: 'participant' | 'institute' = 'participant',
): Cancelled {
  return RegistrationCancelled.data.parse({
    ...facts(registration),
    previousStatus: 'confirmed',
    reason,
    classification: { kind, feePercent },
    cancelledAt: new Date().toISOString(),
  });
}

export function substituted(registration: Confirmed, firstName: string, lastName: string) {
  return RegistrationSubstituted.data.parse({
    ...facts(registration),
    participant: { firstName, lastName, email: `substitute.${randomUUID().slice(0, 6)}@example.org` },
    previous: registration.participant,
    substitutedAt: new Date().toISOString(),
  });
}

export function rescheduled(registration: Confirmed, day: string) {
  return RegistrationRescheduled.data.parse({
    ...facts(registration),
    offering: { ...registration.offering, startsAt: `${day}T08:00:00.000Z`, endsAt: `${day}T15:30:00.000Z` },
    previous: registration.offering,
    status: 'confirmed',
    rescheduledAt: new Date().toISOString(),
  });
}

/** Publishes on the registration topic as registration does: keyed by the offering, so its events stay in order. */
export async function publish<D extends { registrationId: string; offeringId: string }>(
  service: ServiceUnderTest,
  contract: { type: string },
  data: D,
  id: string = randomUUID(),
) {
  const event = cloudEvent({
    id,
    type: contract.type,
    source: '/seminarwerk/registration',
    subject: data.registrationId,
    time: new Date(),
    data,
  });
  await service.publish([{ topic: Topics.registration, key: data.offeringId, event }]);
  return event;
}

export async function invoicesWhere(service: ServiceUnderTest, query: string, client = backOffice(service)): Promise<Invoice[]> {
  const response = await client.get<InvoicePage>(`/invoices?limit=200&${query}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items;
}

/** The invoices with a line for the registration, once `until` holds for them. */
export const invoicesOf = (
  service: ServiceUnderTest,
  registrationId: string,
  until: (invoices: Invoice[]) => boolean = (i) => i.length > 0,
) =>
  eventually(async () => {
    const invoices = await invoicesWhere(service, `registrationId=${registrationId}`);
    expect(until(invoices), JSON.stringify(invoices.map((i) => [i.type, i.status, i.lines.map((l) => l.kind)]))).toBe(true);
    return invoices;
  });

/** The one unissued invoice the registration's position is on, once there (and `until` holds). */
export async function draftOf(service: ServiceUnderTest, registrationId: string, until: (invoice: Invoice) => boolean = () => true) {
  const [draft] = await invoicesOf(service, registrationId, (invoices) => {
    const drafts = invoices.filter((i) => i.status === 'draft' || i.status === 'held');
    return drafts.length === 1 && until(drafts[0]!);
  }).then((invoices) => invoices.filter((i) => i.status === 'draft' || i.status === 'held'));
  return draft!;
}

/**
 * Shows that everything published on `offeringId` before it was consumed: a confirmation on the same key, in
 * the same partition, whose position appears only after the events before it were handled.
 */
export async function sentinelOn(service: ServiceUnderTest, municipalityId: string, offeringId: string) {
  const sentinel = confirmed(municipalityId, { offeringId });
  await publish(service, RegistrationConfirmed, sentinel);
  await eventually(async () => {
    const { rows } = await service.db.query('SELECT 1 FROM positions WHERE registration_id = $1', [sentinel.registrationId]);
    expect(rows).toHaveLength(1);
  });
}

export async function issue(service: ServiceUnderTest, invoiceId: string) {
  const response = await backOffice(service).post<Invoice>(`/invoices/${invoiceId}/issue`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** Numbers given so far per series and year (the counter rows). */
export async function counters(service: ServiceUnderTest): Promise<Record<string, number>> {
  const { rows } = await service.db.query<{ key: string; n: number }>(
    `SELECT series || '-' || year AS key, last_number AS n FROM invoice_number_counters`,
  );
  return Object.fromEntries(rows.map((r) => [r.key, r.n]));
}

export const numbersFrom = (n: number, year: number, series = 'RE') =>
  Array.from({ length: n }, (_, i) => `${series}-${year}-${String(i + 1).padStart(5, '0')}`);

/** A document's bytes as the service serves them (the JSON client would read them as text). */
export async function download(service: ServiceUnderTest, path: string, principal: Principal = backOfficePrincipal()) {
  const response = await fetch(new URL(path, service.url), { headers: service.principalHeaders(principal, 'GET', path) });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    etag: response.headers.get('etag'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}
