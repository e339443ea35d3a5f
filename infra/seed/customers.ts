import type { ApiClient } from '@seminarwerk/testing';
import { ok, readJson } from './support.ts';

export interface DemoMunicipality {
  key: string;
  name: string;
  billing: { department: string; street: string; postalCode: string; city: string; country: string };
  invoiceEmail: string;
  leitwegId: string;
  supplierNumber: string | null;
  /** How the municipality wants to be billed (some of each in the demo). */
  billingMode: 'per-registration' | 'collective-monthly';
  paymentTermsDays: number;
}

/** Municipalities as invoice customers. PUT replaces the whole customer and is idempotent, so every start may run it. */
export async function seedMunicipalities(backOffice: ApiClient): Promise<DemoMunicipality[]> {
  const { municipalities } = await readJson<{ municipalities: DemoMunicipality[] }>('municipalities.json');
  for (const m of municipalities) {
    ok(
      await backOffice.put(`/v1/customers/${m.key}`, {
        name: m.name,
        invoiceEmail: m.invoiceEmail,
        leitwegId: m.leitwegId,
        billingAddress: m.billing,
        billing: m.billingMode,
        paymentTermsDays: m.paymentTermsDays,
        supplierNumber: m.supplierNumber,
      }),
      `customer ${m.key}`,
    );
  }
  return municipalities;
}
