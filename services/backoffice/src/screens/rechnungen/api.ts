import type { StaffApi } from '../../api/gateway.ts';
import { query } from '../../api/gateway.ts';

/** The members of the invoicing resources these screens show (packages/contracts/src/api/invoicing.ts). */
export type InvoiceStatus = 'draft' | 'held' | 'issued' | 'partially-paid' | 'paid' | 'cancelled' | 'voided';

export interface Invoice {
  id: string;
  number: string | null;
  type: 'invoice' | 'credit-note';
  status: InvoiceStatus;
  issueDate: string | null;
  dueDate: string | null;
  municipalityId: string;
  billing: 'per-registration' | 'collective-monthly';
  period: string | null;
  buyer: {
    name: string;
    leitwegId: string | null;
    address: { department: string; street: string; postalCode: string; city: string; country: string };
    supplierNumber: string | null;
  } | null;
  purchaseOrderReference: string | null;
  lines: {
    registrationId: string;
    kind: string;
    description: string;
    participant: string;
    serviceDate: string;
    feePercent: number;
    netCents: number;
    vatRatePercent: number;
  }[];
  totals: { netCents: number; vatCents: number; grossCents: number; paidCents: number; outstandingCents: number };
  precedingInvoice: { id: string; number: string; issueDate: string } | null;
  cancelledBy: { id: string; number: string | null } | null;
  hold: { reason: string; detail: string } | null;
  validation: {
    result: 'valid' | 'invalid';
    validator: string;
    validatedAt: string;
    messages: { rule: string; severity: string; text: string; location: string | null }[];
  } | null;
  payments: { id: string; amountCents: number; paidOn: string; reference: string | null; recordedAt: string }[];
}

export interface InvoicePosition {
  registrationId: string;
  municipalityId: string;
  offeringId: string;
  title: string;
  serviceDate: string;
  participant: string;
  kind: string;
  feePercent: number;
  netCents: number;
  draftId: string;
  status: 'ready' | 'waiting';
  waitingFor: { reason: string; detail: string }[];
}

export interface InvoiceRunResult {
  dryRun: boolean;
  upTo: string;
  issued: { id: string; number: string | null; municipalityId: string; grossCents: number; lines: number }[];
  held: { id: string; municipalityId: string; reason: string; detail: string }[];
  skipped: { registrationId: string; invoiceId: string | null; reason: string; detail: string }[];
}

export interface Customer {
  id: string;
  name: string;
  invoiceEmail: string;
  leitwegId: string | null;
  billingAddress: { department: string; street: string; postalCode: string; city: string; country: string };
  billing: 'per-registration' | 'collective-monthly';
  paymentTermsDays: number;
  supplierNumber: string | null;
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** Municipality id → name, for lists that only carry the id (the first 200 customers: every municipality today). */
export async function customerNames(api: StaffApi): Promise<Map<string, string>> {
  const result = await api.get<Page<Customer>>(`/v1/customers${query({ limit: 200 })}`);
  return new Map(result.ok ? result.body.items.map((c) => [c.id, c.name]) : []);
}

/** The customers as options of a filter: [id, name], "Alle" first. */
export const municipalityOptions = (names: Map<string, string>, all = 'Alle Kommunen') =>
  [['', all] as const, ...[...names].map(([id, name]) => [id, name] as const)] as const;
