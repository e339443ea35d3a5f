import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { describe, expect, inject, it } from 'vitest';
import type { DocumentLine, InvoiceDocument } from '../src/documents/model.ts';
import { renderPdf } from '../src/documents/pdf.ts';
import { collective, creditNote, everyKindOfDocument, singleStandardRated } from '../src/documents/samples.fixtures.ts';

/** The text a reader (or a search) gets out of the PDF, pages apart, with spaces normalised. */
async function pagesOf(pdf: Uint8Array): Promise<string[]> {
  const { text } = await extractText(await getDocumentProxy(pdf.slice()), { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}
const textOf = async (pdf: Uint8Array) => (await pagesOf(pdf)).join(' ');

/** Worked out by hand from the samples, not by the code under test. */
const grossTotals: Record<keyof typeof everyKindOfDocument, string> = {
  singleExempt: '340,00 €',
  singleStandardRated: '345,10 €',
  collective: '1.121,08 €',
  lateCancellationFee: '170,00 €',
  noShowFee: '190,00 €',
  creditNote: '340,00 €',
};
const exemptionNote = 'Steuerfrei nach § 4 Nr. 22 Buchst. a UStG';

describe('the invoice PDF', () => {
  for (const [kind, document] of Object.entries(everyKindOfDocument) as [keyof typeof everyKindOfDocument, InvoiceDocument][]) {
    it(`${kind}: shows the number, the gross total, the Leitweg-ID${isExempt(document) ? ' and the exemption note' : ''}`, async () => {
      const text = await textOf(await renderPdf(document));
      expect(text).toContain(document.number);
      expect(text).toContain(grossTotals[kind]);
      expect(text).toContain(`Leitweg-ID: ${document.buyerReference}`);
      if (isExempt(document)) expect(text).toContain(exemptionNote);
      else expect(text).not.toContain(exemptionNote);
    });
  }

  it('says everything § 14 Abs. 4 UStG requires of an invoice', async () => {
    const text = await textOf(await renderPdf(singleStandardRated));
    const { seller, buyer } = singleStandardRated;
    for (const required of [
      seller.name, // Nr. 1: supplier and recipient, with addresses
      `${seller.street} · ${seller.postalCode} ${seller.city}`,
      buyer.name,
      buyer.street,
      `${buyer.postalCode} ${buyer.city}`,
      `Steuernummer ${seller.taxNumber}`, // Nr. 2
      'Rechnungsdatum: 01.03.2027', // Nr. 3
      'Rechnungsnummer: RE-2027-00002', // Nr. 4
      'Teilnahmegebühr: KI in der Verwaltung – Praxisworkshop', // Nr. 5: what, and how much (Menge 1)
      'Leistungsdatum: 02.02.2027', // Nr. 6
      'Summe netto 290,00 €', // Nr. 7: net by rate
      'Umsatzsteuer 19 % auf 290,00 € 55,10 €', // Nr. 8: rate and tax
      'Gesamtbetrag (brutto) 345,10 €',
      'Fällig am: 31.03.2027',
      'IBAN: DE02 1203 0000 0000 2020 51',
      'Verwendungszweck: RE-2027-00002',
    ]) {
      expect(text).toContain(required);
    }
  });

  it('shows the purchase order reference and the supplier number when the municipality gave them', async () => {
    const text = await textOf(await renderPdf(everyKindOfDocument.singleExempt));
    expect(text).toContain('Bestellnr./Aktenz.: AZ 11-04/2027');
    expect(text).toContain('Lieferantennr.: K-100423');
  });

  it('makes a Stornorechnung name the invoice it cancels', async () => {
    const text = await textOf(await renderPdf(creditNote));
    expect(text).toContain('Stornorechnung ST-2027-00001');
    expect(text).toContain('zur Rechnung RE-2027-00001 vom 01.03.2027');
    expect(text).toContain('Grund: Abmeldung innerhalb der kostenfreien Frist.');
  });

  it('runs a collective invoice of 60 lines over several pages, every line and the total on them', async () => {
    const pages = await pagesOf(await renderPdf(sixtyLines));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(`Seite ${index + 1} von ${pages.length}`);
      if (index < pages.length - 1) expect(page).toContain('Pos. Bezeichnung Menge USt. Betrag');
    });
    const text = pages.join(' ');
    for (let n = 1; n <= 60; n++) {
      const participant = `Teilnehmer Nr. ${String(n).padStart(2, '0')}`;
      expect(text.split(participant)).toHaveLength(2);
      expect(text).toContain(`100,${String(n - 1).padStart(2, '0')} €`);
    }
    expect(pages.at(-1)).toContain('Gesamtbetrag (brutto) 6.017,70 €');
  });

  it.each(Object.entries(everyKindOfDocument))('%s is PDF/A-3b as veraPDF checks it', async (_, document) => {
    const response = await fetch(`${inject('validatorUrl')}/validate-pdfa`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: await renderPdf(document),
    });
    const report = (await response.json()) as { compliant: boolean; flavour: string; failures: unknown[] };

    expect(report.failures).toEqual([]);
    expect(report).toMatchObject({ compliant: true, flavour: '3b' });
  });

  it('would fail the PDF/A check if it broke the rules, so the check is real', async () => {
    // An unembedded standard font breaks PDF/A (ISO 19005-3, 6.2.11.4.1); pdfkit's default font is one.
    const { default: PDFDocument } = await import('pdfkit');
    const pdf = new PDFDocument({ subset: 'PDF/A-3b', pdfVersion: '1.7' });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise((resolve) => pdf.on('end', resolve));
    pdf.text('Rechnung');
    pdf.end();
    await done;
    const response = await fetch(`${inject('validatorUrl')}/validate-pdfa`, { method: 'POST', body: Buffer.concat(chunks) });
    const report = (await response.json()) as { compliant: boolean; failures: unknown[] };

    expect(report.compliant).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
  });

  it('declares PDF/A-3b in its XMP metadata', async () => {
    const { info, metadata } = await getMeta((await renderPdf(collective)).slice());
    expect(info.PDFFormatVersion).toBe('1.7');
    expect(metadata.get('pdfaid:part')).toBe('3');
    expect(metadata.get('pdfaid:conformance')).toBe('B');
    expect(metadata.get('dc:title')).toBe('Rechnung RE-2027-00003');
  });

  it('embeds every font it uses, none of the standard 14', async () => {
    const fonts = fontsOf(await renderPdf(collective));
    // A subset's name is a six-letter tag, '+', the font's PostScript name.
    expect(fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['DejaVuSansCondensed', 'DejaVuSansCondensed-Bold']);
    expect(fonts.every((font) => font.embedded)).toBe(true);
  });

  it('is tagged for screen readers: the subject as a heading, the lines as a table with a header row', async () => {
    const pdf = await getDocumentProxy((await renderPdf(collective)).slice());
    expect(await pdf.getMarkInfo()).toMatchObject({ Marked: true });
    // PDF.js gives elements as { role, children } and marked content as { type, id }.
    type Element = { role?: string; children?: Element[] };
    const roles = (element: Element) => (element.children ?? []).flatMap((child) => child.role ?? []);
    const document = ((await (await pdf.getPage(1)).getStructTree()) as Element).children?.[0] as Element;
    expect(roles(document)).toContain('H1');
    const table = document.children?.find((child) => child.role === 'Table') as Element;
    expect(roles(table)).toEqual(Array(1 + collective.lines.length).fill('TR'));
    expect(roles(table.children?.[0] as Element)).toEqual(['TH', 'TH', 'TH', 'TH', 'TH']);
  });

  it('keeps the XMP well-formed when the seller’s name needs escaping', async () => {
    const ampersand = { ...collective, seller: { ...collective.seller, name: 'Institut für Verwaltung & Recht <Demo>' } };
    const { metadata } = await getMeta((await renderPdf(ampersand)).slice());
    expect(metadata.get('dc:creator')).toEqual(['Institut für Verwaltung & Recht <Demo>']);
  });

  it('gives the same bytes for the same document, so a stored PDF can be checked against its hash', async () => {
    expect(Buffer.from(await renderPdf(collective)).equals(Buffer.from(await renderPdf(collective)))).toBe(true);
  });
});

function isExempt(document: InvoiceDocument): boolean {
  return document.vatBreakdown.some((breakdown) => breakdown.vatCategory === 'E');
}

/** 60 exempt lines of 100,00 € to 100,59 €: 6.017,70 € in all. */
const sixtyLines: InvoiceDocument = (() => {
  const template = collective.lines[0] as DocumentLine;
  const lines = Array.from({ length: 60 }, (_, index): DocumentLine => {
    const participant = `Teilnehmer Nr. ${String(index + 1).padStart(2, '0')}`;
    return {
      ...template,
      id: String(index + 1),
      description: `${participant}; Seminar am 16.02.2027`,
      unitPriceCents: 10_000 + index,
      netCents: 10_000 + index,
    };
  });
  const total = 601_770;
  return {
    ...collective,
    lines,
    servicePeriod: { start: '2027-02-16', end: '2027-02-16' },
    vatBreakdown: [{ ...(collective.vatBreakdown[0] as InvoiceDocument['vatBreakdown'][number]), taxableCents: total }],
    totals: { lineNetCents: total, taxExclusiveCents: total, vatCents: 0, taxInclusiveCents: total, payableCents: total },
  };
})();

/**
 * The fonts the PDF defines, each with whether its font program is embedded (a FontDescriptor with FontFile,
 * FontFile2 or FontFile3). pdfkit writes dictionaries uncompressed and without object streams, so the objects can
 * be read from the bytes. A standard-14 font (Helvetica, …) has no font program and shows as not embedded.
 */
function fontsOf(pdf: Uint8Array): { name: string; embedded: boolean }[] {
  const source = Buffer.from(pdf).toString('latin1');
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj\s*<<([\s\S]*?)>>\s*(?:stream|endobj)/g))
    objects.set(match[1] as string, match[2] as string);
  return [...objects.values()]
    .filter((dictionary) => /\/Type \/Font\b/.test(dictionary) && !/\/Subtype \/Type0\b/.test(dictionary))
    .map((dictionary) => {
      const descriptor = /\/FontDescriptor (\d+) 0 R/.exec(dictionary)?.[1];
      return {
        name: /\/BaseFont \/(\S+)/.exec(dictionary)?.[1] ?? '?',
        embedded: descriptor !== undefined && /\/FontFile[23]? \d+ 0 R/.test(objects.get(descriptor) ?? ''),
      };
    });
}
