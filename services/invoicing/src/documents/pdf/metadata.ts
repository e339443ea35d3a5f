import type { InvoiceDocument } from '../model.ts';
import { page } from './geometry.ts';
import { subjectLine } from './wording.ts';

/**
 * The PDF claims PDF/A-3b (ISO 19005-3, level B: the page looks the same everywhere, forever): PDF 1.7, every font
 * embedded, an sRGB output intent and XMP metadata with `pdfaid:part` 3 and `pdfaid:conformance` B, all written
 * by pdfkit's `subset` option. Level 3 rather than 2 so that the XRechnung XML can later be attached (Factur-X).
 *
 * Same document, same bytes: the creation date is the issue date, and pdfkit derives the file id from the info
 * dictionary, so nothing depends on the clock or on chance. An issued invoice is stored with its hash (GoBD), and
 * rendering it again proves the stored PDF is the one the document gives.
 */
export function documentOptions(document: InvoiceDocument): PDFKit.PDFDocumentOptions {
  return {
    size: [page.width, page.height],
    // Everything is placed at absolute positions; a zero margin keeps pdfkit from ever adding a page by itself.
    margin: 0,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    bufferPages: true,
    // No font at the start: pdfkit would load Helvetica, a standard-14 font PDF/A may not use. Every text sets
    // one of the embedded fonts first (fonts.ts, canvas.ts).
    font: '',
    info: { Creator: 'Seminarwerk', CreationDate: new Date(`${document.issueDate}T00:00:00Z`) },
  };
}

/**
 * Title and author in the XMP metadata, escaped. They are kept out of the info dictionary on purpose: pdfkit
 * copies Title and Author into the XMP unescaped, so a seller called "Verwaltung & Recht" would break the XML
 * that PDF/A requires to be well-formed. PDF/A only requires info entries, where present, to match the XMP.
 */
export function describeInXmp(doc: PDFKit.PDFDocument, document: InvoiceDocument): void {
  doc.appendXML(`
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <dc:format>application/pdf</dc:format>
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlText(subjectLine(document))}</rdf:li></rdf:Alt></dc:title>
            <dc:creator><rdf:Seq><rdf:li>${xmlText(document.seller.name)}</rdf:li></rdf:Seq></dc:creator>
            <dc:language><rdf:Bag><rdf:li>de-DE</rdf:li></rdf:Bag></dc:language>
        </rdf:Description>
        `);
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
