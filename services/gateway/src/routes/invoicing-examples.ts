import type {
  Customer,
  CustomerInput,
  Invoice,
  InvoicePage,
  InvoicePosition,
  InvoicePositionPage,
  InvoiceRunResult,
} from '@seminarwerk/contracts/api';

/**
 * Examples for the OpenAPI document, typed by the contracts so that one that no longer fits fails the typecheck.
 * One story: Oldenburg's participant Anna Meyer, invoiced, paid in part, then cancelled by a Stornorechnung.
 */

const oldenburgAddress = {
  department: 'Fachdienst Personal und Organisation',
  street: 'Markt 1',
  postalCode: '26122',
  city: 'Oldenburg (Oldb)',
  country: 'DE',
};

export const customerInputExample: Omit<CustomerInput, 'id'> = {
  name: 'Stadt Oldenburg (Oldb)',
  invoiceEmail: 'rechnungseingang@oldenburg.example',
  leitwegId: '03403000-57',
  billingAddress: oldenburgAddress,
  billing: 'collective-monthly',
  paymentTermsDays: 30,
  supplierNumber: 'K-100423',
};

export const customerExample: Customer = { id: 'oldenburg', ...customerInputExample, createdAt: '2027-01-04T09:12:00.000Z' };

const annaLine = {
  registrationId: '3f0c2a4e-6b1d-4c8e-9a57-2d1e0f4b7c11',
  offeringId: '8b2d7c55-1e4f-4a0b-8c3d-5f6e7a8b9c01',
  kind: 'fee' as const,
  description: 'Teilnahmegebühr: Professionelle Pressearbeit für Kommunen',
  participant: 'Anna Meyer',
  serviceDate: '2027-02-16',
  feePercent: 100,
  netCents: 34000,
  vat: 'exempt-4-22a' as const,
  vatRatePercent: 0,
  purchaseOrderReference: 'AZ 11-04/2027',
};

export const invoiceExample: Invoice = {
  id: 'c5a1f0d2-8e3b-4f7a-9b6c-1d2e3f4a5b6c',
  number: 'RE-2027-00001',
  type: 'invoice',
  status: 'partially-paid',
  issueDate: '2027-02-17',
  dueDate: '2027-03-19',
  municipalityId: 'oldenburg',
  billing: 'per-registration',
  period: null,
  buyer: { name: 'Stadt Oldenburg (Oldb)', leitwegId: '03403000-57', address: oldenburgAddress, supplierNumber: 'K-100423' },
  purchaseOrderReference: 'AZ 11-04/2027',
  lines: [annaLine],
  totals: { netCents: 34000, vatCents: 0, grossCents: 34000, paidCents: 20000, outstandingCents: 14000, currency: 'EUR' },
  precedingInvoice: null,
  cancelledBy: null,
  hold: null,
  validation: {
    result: 'valid',
    validator: 'Mustang validator 2.22.0 (XRechnung 3.0, EN 16931)',
    validatedAt: '2027-02-17T08:30:02.000Z',
    messages: [],
  },
  payments: [
    {
      id: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
      amountCents: 20000,
      paidOn: '2027-03-01',
      reference: 'Kassenzeichen 2027-4711',
      recordedAt: '2027-03-02T10:00:00.000Z',
    },
  ],
  createdAt: '2027-01-12T14:03:11.000Z',
};

export const draftExample: Invoice = {
  ...invoiceExample,
  id: 'e7f8a9b0-c1d2-4e3f-a4b5-c6d7e8f9a0b1',
  number: null,
  status: 'draft',
  issueDate: null,
  dueDate: null,
  totals: { ...invoiceExample.totals, paidCents: 0, outstandingCents: 34000 },
  validation: null,
  payments: [],
};

export const creditNoteExample: Invoice = {
  ...invoiceExample,
  id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
  number: 'RE-2027-00002',
  type: 'credit-note',
  status: 'issued',
  issueDate: '2027-03-05',
  dueDate: null,
  totals: { netCents: 34000, vatCents: 0, grossCents: 34000, paidCents: 0, outstandingCents: 0, currency: 'EUR' },
  precedingInvoice: { id: invoiceExample.id, number: 'RE-2027-00001', issueDate: '2027-02-17' },
  payments: [],
};

export const invoicePageExample: InvoicePage = {
  items: [invoiceExample, draftExample],
  nextCursor: 'eyJhdCI6IjIwMjctMDEtMTJUMTQ6MDM6MTEuMDAwWiIsImlkIjoiYzVhMWYwZDIifQ',
};

export const invoiceRunExample: InvoiceRunResult = {
  dryRun: false,
  upTo: '2027-02-28',
  issued: [{ id: invoiceExample.id, number: 'RE-2027-00001', municipalityId: 'oldenburg', grossCents: 34000, lines: 1 }],
  held: [
    {
      id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
      municipalityId: 'wiesmoor',
      reason: 'missing-leitweg-id',
      detail: 'The customer wiesmoor has no Leitweg-ID (BT-10)',
    },
  ],
  skipped: [
    {
      registrationId: '7c6d5e4f-3a2b-4c1d-8e9f-0a1b2c3d4e5f',
      invoiceId: null,
      reason: 'not-started',
      detail: 'The date starts on 2027-03-09, after 2027-02-28',
    },
  ],
};

export const dryRunExample: InvoiceRunResult = {
  ...invoiceRunExample,
  dryRun: true,
  issued: invoiceRunExample.issued.map((issued) => ({ ...issued, number: null })),
};

const positionExample: InvoicePosition = {
  registrationId: '3f0c9a8e-2b1d-4c5e-8f7a-6b5c4d3e2f10',
  municipalityId: 'oldenburg',
  offeringId: '0b6f0f2e-4f4e-4a8a-9d7c-2f1e3a4b5c6d',
  title: 'Social Media in der Verwaltung',
  serviceDate: '2027-03-09',
  participant: 'Anna Meyer',
  kind: 'fee',
  feePercent: 100,
  netCents: 34000,
  vat: 'exempt-4-22a',
  billing: 'per-registration',
  draftId: '7d1f0c1e-3a55-4c55-9a8e-1c2b3d4e5f60',
  status: 'ready',
  waitingFor: [],
};

export const invoicePositionPageExample: InvoicePositionPage = {
  items: [
    positionExample,
    {
      ...positionExample,
      registrationId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      municipalityId: 'hannover',
      participant: 'Jonas Weber',
      kind: 'cancellation-fee',
      feePercent: 50,
      netCents: 17000,
      draftId: '5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f',
      status: 'waiting',
      waitingFor: [
        { reason: 'missing-leitweg-id', detail: 'Landeshauptstadt Hannover has no Leitweg-ID: an XRechnung needs one in BT-10' },
      ],
    },
  ],
  nextCursor: null,
};
