import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@seminarwerk/testing';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { InvoiceDocument } from '../src/documents/model.ts';
import { creditNote, everyKindOfDocument, singleExempt } from '../src/documents/samples.fixtures.ts';
import { ValidatorUnavailable, xrechnungValidator } from '../src/documents/validator.ts';
import { renderXRechnung, XRECHNUNG_CUSTOMIZATION_ID } from '../src/documents/xrechnung.ts';

// The real validator of the test run (infra/validator, started by the global setup or given as VALIDATOR_URL).
const validator = xrechnungValidator(inject('validatorUrl'));

const NS: Record<string, string> = {
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
};

/** The root element of the XML; a parser error fails the test (the XML must be well-formed, whatever the validator says). */
function parse(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, 'application/xml');
  return doc.documentElement as Element;
}

/** The child elements along a path of prefixed names, e.g. `all(root, 'cac:BillingReference', 'cbc:ID')`. */
function all(from: Element, ...path: string[]): Element[] {
  return path.reduce<Element[]>(
    (elements, step) => {
      const [prefix, localName] = step.split(':') as [string, string];
      return elements.flatMap((element) =>
        Array.from(element.childNodes).filter(
          (node): node is Element =>
            node.nodeType === 1 && (node as Element).namespaceURI === NS[prefix] && (node as Element).localName === localName,
        ),
      );
    },
    [from],
  );
}

function textAt(from: Element, ...path: string[]): string | null {
  const [element, ...more] = all(from, ...path);
  if (more.length > 0) throw new Error(`${path.join('/')} occurs ${more.length + 1} times`);
  return element?.textContent ?? null;
}

const errorsOf = (report: { messages: { severity: string }[] }) => report.messages.filter((m) => m.severity === 'error');

describe('the XRechnung of every kind of document', () => {
  it.each(Object.entries(everyKindOfDocument))('%s validates against XRechnung 3.0 and EN 16931 without errors', async (_, document) => {
    const report = await validator.validate(renderXRechnung(document));

    expect(errorsOf(report)).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.validator).toMatch(/XRechnung 3\.0/);
  });

  it.each(Object.entries(everyKindOfDocument))("%s names the customer's Leitweg-ID in BT-10 and as buyer address", (_, document) => {
    const root = parse(renderXRechnung(document));

    expect(textAt(root, 'cbc:BuyerReference')).toBe(document.buyer.leitwegId);
    const endpoint = all(root, 'cac:AccountingCustomerParty', 'cac:Party', 'cbc:EndpointID')[0];
    expect(endpoint?.getAttribute('schemeID')).toBe('0204');
    expect(endpoint?.textContent).toBe(document.buyer.leitwegId);
    expect(textAt(root, 'cbc:CustomizationID')).toBe(XRECHNUNG_CUSTOMIZATION_ID);
  });

  it('puts the purchase order reference into BT-13 when the municipality gave one', () => {
    expect(textAt(parse(renderXRechnung(singleExempt)), 'cac:OrderReference', 'cbc:ID')).toBe('AZ 11-04/2027');
    expect(all(parse(renderXRechnung({ ...singleExempt, purchaseOrderReference: null })), 'cac:OrderReference')).toEqual([]);
  });
});

describe('the Stornorechnung', () => {
  const root = parse(renderXRechnung(creditNote));

  it('is a UBL CreditNote with type code 381 and credit note lines', () => {
    expect(root.localName).toBe('CreditNote');
    expect(root.namespaceURI).toBe('urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2');
    expect(textAt(root, 'cbc:CreditNoteTypeCode')).toBe('381');
    expect(all(root, 'cac:CreditNoteLine')).toHaveLength(creditNote.lines.length);
    expect(all(root, 'cac:InvoiceLine')).toEqual([]);
  });

  it("refers to the original invoice's number and date (BG-3: BT-25, BT-26)", () => {
    expect(textAt(root, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:ID')).toBe(singleExempt.number);
    expect(textAt(root, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:IssueDate')).toBe(singleExempt.issueDate);
  });
});

describe('the seller identification (EN 16931 BR-CO-26: BT-29, BT-30 or BT-31)', () => {
  const withoutSupplierNumber = { ...singleExempt, buyer: { ...singleExempt.buyer, supplierNumber: null } };

  it('is satisfied by the institute’s registration (BT-30) when the municipality gave no supplier number', async () => {
    const report = await validator.validate(renderXRechnung(withoutSupplierNumber));

    expect(report.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(report.valid).toBe(true);
  });

  it('fails without any of them, so the check is real', async () => {
    const document = { ...withoutSupplierNumber, seller: { ...singleExempt.seller, legalRegistrationId: null } };

    const report = await validator.validate(renderXRechnung(document));

    expect(report.valid).toBe(false);
    expect(report.messages).toContainEqual(expect.objectContaining({ rule: 'BR-CO-26', severity: 'error' }));
  });
});

describe('a broken document', () => {
  it('without BT-10 is invalid by the XRechnung rule BR-DE-15, so the XRechnung rules really run', async () => {
    const xml = renderXRechnung(singleExempt).replace(/\n\s*<cbc:BuyerReference>[^<]*<\/cbc:BuyerReference>/, '');
    expect(xml).not.toContain('BuyerReference');

    const report = await validator.validate(xml);

    expect(report.valid).toBe(false);
    expect(report.messages).toContainEqual(expect.objectContaining({ rule: 'BR-DE-15', severity: 'error' }));
  });

  it('with a payable amount that does not add up is invalid by the EN 16931 rule BR-CO-16', async () => {
    const xml = renderXRechnung({
      ...singleExempt,
      totals: { ...singleExempt.totals, payableCents: singleExempt.totals.payableCents + 100 },
    });

    const report = await validator.validate(xml);

    expect(report.valid).toBe(false);
    expect(report.messages).toContainEqual(expect.objectContaining({ rule: 'BR-CO-16', severity: 'error' }));
  });

  it('that is not an XRechnung 3.0 document is not called valid, even if EN 16931 alone would pass it', async () => {
    const xml = renderXRechnung(singleExempt).replace(XRECHNUNG_CUSTOMIZATION_ID, 'urn:cen.eu:en16931:2017');

    const report = await validator.validate(xml);

    expect(report.valid).toBe(false);
    expect(report.messages).toContainEqual(expect.objectContaining({ rule: 'SW-XR-PROFILE', severity: 'error' }));
  });
});

describe('text from customers and seminars', () => {
  const awkward: InvoiceDocument = {
    ...singleExempt,
    buyer: { ...singleExempt.buyer, name: 'Zweckverband Müll & Abwasser <Nord>', department: 'Fachbereich "Finanzen"' },
    notes: ["Für Rückfragen: Straße 5 > Haus 2 & 3, Gruß aus Südbrookmerland 'ß'"],
    lines: singleExempt.lines.map((line) => ({ ...line, description: 'Teilnehmer: Jörg <Gast> & Ömer\u0007 Yıldız 🎓' })),
  };
  const xml = renderXRechnung(awkward);
  const root = parse(xml);

  it('is escaped where XML needs it and otherwise written as UTF-8', () => {
    expect(xml).toContain('Müll &amp; Abwasser &lt;Nord&gt;');
    expect(xml).not.toContain('&#');
    expect(textAt(root, 'cac:AccountingCustomerParty', 'cac:Party', 'cac:PartyLegalEntity', 'cbc:RegistrationName')).toBe(
      awkward.buyer.name,
    );
    expect(textAt(root, 'cac:AccountingCustomerParty', 'cac:Party', 'cac:PostalAddress', 'cbc:AdditionalStreetName')).toBe(
      'Fachbereich "Finanzen"',
    );
    expect(textAt(root, 'cbc:Note')).toBe(awkward.notes[0]);
  });

  it('loses only control characters, which XML 1.0 cannot carry', () => {
    expect(textAt(root, 'cac:InvoiceLine', 'cac:Item', 'cbc:Description')).toBe('Teilnehmer: Jörg <Gast> & Ömer Yıldız 🎓');
  });

  it('still validates', async () => {
    expect(errorsOf(await validator.validate(xml))).toEqual([]);
  });
});

describe('the validator client', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

  /** A stand-in for a validator that misbehaves. */
  async function answering(status: number, body: string): Promise<string> {
    const server = createServer((_, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('throws when no validator answers, so the caller holds the invoice instead of sending it', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    await expect(xrechnungValidator(nobody).validate('<Invoice/>')).rejects.toBeInstanceOf(ValidatorUnavailable);
  });

  it('throws when the validator fails', async () => {
    const failing = await answering(500, '{"error":"java.lang.OutOfMemoryError"}');
    await expect(xrechnungValidator(failing).validate('<Invoice/>')).rejects.toThrow(/answered 500/);
  });

  it('throws when the answer is not a report', async () => {
    const confused = await answering(200, '{"valid":true}');
    await expect(xrechnungValidator(confused).validate('<Invoice/>')).rejects.toBeInstanceOf(ValidatorUnavailable);
  });

  it('never calls a document with an error valid', async () => {
    const contradictory = await answering(
      200,
      JSON.stringify({ valid: true, validator: 'x', messages: [{ rule: 'BR-1', severity: 'error', text: 'no', location: null }] }),
    );
    await expect(xrechnungValidator(contradictory).validate('<Invoice/>')).resolves.toMatchObject({ valid: false });
  });
});
