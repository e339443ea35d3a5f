import { createHash, randomUUID } from 'node:crypto';
import { principalHeaders } from '@seminarwerk/http';
import {
  type ApiClient,
  apiClient,
  checkedFetch,
  eventually,
  registerWhenOpen,
  type SmtpTestServer,
  startSmtpServer,
  startTestSystem,
  type TestSystem,
} from '@seminarwerk/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * An invoice from registration to download and e-mail, through the real services: a partner books with a purchase
 * order reference, invoicing drafts it, the back office issues it, the documents reach the partner through the
 * gateway exactly as invoicing serves them, and the municipality's invoice address gets them by e-mail.
 */

type Json = Record<string, any>;

let system: TestSystem;
let smtp: SmtpTestServer;
let backOffice: ApiClient;
let oldenburg: { client: ApiClient; key: string };
let hannover: { client: ApiClient; key: string };

async function partner(municipalityId: string) {
  const created = await backOffice.post<Json>('/v1/api-keys', { name: municipalityId, role: 'partner', municipalityId });
  expect(created.status).toBe(201);
  return { client: apiClient(system.gatewayUrl, created.body.key), key: created.body.key as string };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = await startTestSystem({ smtpUrl: smtp.url, services: ['catalogue', 'registration', 'invoicing', 'notification', 'gateway'] });
  backOffice = apiClient(system.gatewayUrl, system.backOfficeKey);
  const customer = await backOffice.put<Json>('/v1/customers/oldenburg', {
    name: 'Stadt Oldenburg (Oldb)',
    invoiceEmail: 'rechnungseingang@oldenburg.example',
    leitwegId: '03403000-57',
    billingAddress: { department: 'Fachdienst Personal', street: 'Markt 1', postalCode: '26122', city: 'Oldenburg (Oldb)' },
    billing: 'per-registration',
    paymentTermsDays: 30,
    supplierNumber: 'K-100423',
  });
  expect(customer.status).toBe(200);
  oldenburg = await partner('oldenburg');
  hannover = await partner('hannover');
}, 240_000);

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

/** A draft invoice for a registration Oldenburg books with a purchase order reference. */
async function draftFor(purchaseOrderReference: string): Promise<Json> {
  const seminar = await backOffice.post<Json>('/v1/seminars', {
    title: `Vergaberecht ${randomUUID().slice(0, 8)}`,
    topic: 'Vergabe',
    feeCents: 34000,
  });
  const offering = await backOffice.post<Json>(`/v1/seminars/${seminar.body.id}/offerings`, {
    capacity: 10,
    startsAt: '2030-02-12T09:00:00+01:00',
    endsAt: '2030-02-12T16:00:00+01:00',
    venue: { name: 'Seminarzentrum', city: 'Oldenburg' },
    registrationDeadline: '2030-01-29',
  });
  const registration = await registerWhenOpen(oldenburg.client, {
    offeringId: offering.body.id,
    participant: { firstName: 'Anna', lastName: 'Meyer', email: 'anna.meyer@oldenburg.example' },
    purchaseOrderReference,
  });
  expect(registration.body).toMatchObject({ status: 'confirmed', purchaseOrderReference });
  return eventually(async () => {
    const { body } = await backOffice.get<Json>(`/v1/invoices?registrationId=${registration.body.id}`);
    expect(body.items).toHaveLength(1);
    return body.items[0];
  });
}

/** The bytes and headers of an answer. */
async function download(url: string, headers: Record<string, string>) {
  const response = await checkedFetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('an issued invoice through the gateway', () => {
  it('carries the purchase order reference, downloads byte for byte as invoicing serves it, and is e-mailed the same', async () => {
    const draft = await draftFor('AZ 11-04/2027');
    expect(draft).toMatchObject({ status: 'draft', number: null, purchaseOrderReference: 'AZ 11-04/2027' });
    const issued = await backOffice.post<Json>(`/v1/invoices/${draft.id}/issue`);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      id: draft.id,
      status: 'issued',
      number: expect.stringMatching(/^RE-\d{4}-\d{5}$/),
      validation: { result: 'valid' },
    });

    const served: Record<string, Buffer> = {};
    const oldenburgPrincipal = { kind: 'municipality', municipalityId: 'oldenburg', keyId: 'test' } as const;
    for (const [document, type] of [
      ['pdf', 'application/pdf'],
      ['xrechnung', 'application/xml'],
    ] as const) {
      const path = `/invoices/${draft.id}/${document}`;
      const asInvoicing = principalHeaders(oldenburgPrincipal, system.principalSigningSecret, { method: 'GET', path });
      const direct = await download(new URL(path, system.urls.invoicing).href, asInvoicing);
      const through = await download(new URL(`/v1${path}`, system.gatewayUrl).href, { authorization: `Bearer ${oldenburg.key}` });
      expect(direct.status).toBe(200);
      expect(through.status).toBe(200);
      expect(through.headers.get('content-type')).toContain(type);
      expect(through.bytes.equals(direct.bytes)).toBe(true);
      expect(through.headers.get('content-disposition')).toContain(issued.body.number);
      const sha256 = createHash('sha256').update(through.bytes).digest('hex');
      expect(through.headers.get('etag')).toBe(`"${sha256}"`);
      served[document] = through.bytes;
    }
    expect((await download(new URL(`/v1/invoices/${draft.id}/pdf`, system.gatewayUrl).href, {})).status).toBe(401);
    const elsewhere = await download(new URL(`/v1/invoices/${draft.id}/pdf`, system.gatewayUrl).href, {
      authorization: `Bearer ${hannover.key}`,
    });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).toContain('application/problem+json');

    // The invoice address gets both documents, the XML byte for byte as GET …/xrechnung serves it.
    const [mail] = await smtp.waitForMessages((m) => m.subject?.includes(issued.body.number) === true, { timeoutMs: 30_000 });
    expect(mail?.to).toEqual(['rechnungseingang@oldenburg.example']);
    const attached = (type: string) => mail?.attachments.find((a) => a.contentType === type)?.content;
    expect(attached('application/xml')?.equals(served.xrechnung as Buffer)).toBe(true);
    expect(attached('application/pdf')?.equals(served.pdf as Buffer)).toBe(true);
    // … and the XML that arrived is valid for the real validator.
    const validation = await fetch(`${inject('validatorUrl')}/validate`, { method: 'POST', body: attached('application/xml') });
    expect(await validation.json()).toMatchObject({ valid: true });
  });

  it('has no documents while it is a draft', async () => {
    const draft = await draftFor('AZ 11-05/2027');
    const pdf = await download(new URL(`/v1/invoices/${draft.id}/pdf`, system.gatewayUrl).href, {
      authorization: `Bearer ${oldenburg.key}`,
    });
    expect(pdf.status).toBe(404);
    expect(JSON.parse(pdf.bytes.toString('utf8'))).toMatchObject({ type: expect.stringMatching(/documents-not-available$/) });
  });
});
