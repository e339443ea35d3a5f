/** What the load needs, made through the public API: customers, partner keys, a seminar and its dates. */
import { apiClient } from '@seminarwerk/testing';
import type pg from 'pg';
import { createPartners, createSeminar, scheduleOffering } from '../bench/catalogue.ts';
import { seedMunicipalities } from '../seed.ts';
import type { Workload } from './load.ts';

export interface WorkloadShape {
  /** Partner keys, one per municipality (some billed per registration, some monthly). */
  partners: number;
  offerings: number;
  capacity: number;
}

export async function prepareWorkload(
  gatewayUrl: string,
  backOfficeKey: string,
  registrationDb: pg.Pool,
  shape: WorkloadShape,
): Promise<Workload> {
  const backOffice = apiClient(gatewayUrl, backOfficeKey, { contract: false });
  const municipalities = await seedMunicipalities(backOffice);
  const partners = await createPartners(
    backOffice,
    municipalities.slice(0, shape.partners).map((m) => m.key),
  );
  const seminar = await createSeminar(backOffice, `Ausfallsicherheit ${new Date().toISOString()}`);
  const offeringIds: string[] = [];
  for (let i = 0; i < shape.offerings; i += 1) {
    offeringIds.push((await scheduleOffering(backOffice, seminar, shape.capacity, i)).offeringId);
  }
  await waitUntilOpen(registrationDb, offeringIds);
  const upTo = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
  return { gatewayUrl, partners, backOfficeKey, offeringIds, invoiceUpTo: upTo };
}

/** The registration service opens a date when the catalogue's event arrived. */
async function waitUntilOpen(registrationDb: pg.Pool, offeringIds: readonly string[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const streams = offeringIds.map((id) => `offering-${id}`);
  for (;;) {
    const { rows } = await registrationDb.query<{ n: number }>(
      "SELECT count(DISTINCT stream_id)::int AS n FROM events WHERE stream_id = ANY($1) AND type = 'OfferingOpened'",
      [streams],
    );
    if ((rows[0]?.n ?? 0) === streams.length) return;
    if (Date.now() > deadline) throw new Error(`the dates were not open for registration after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
