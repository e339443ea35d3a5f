import PDFDocument from 'pdfkit';
import type { InvoiceDocument } from './model.ts';
import type { Canvas, Placeable } from './pdf/canvas.ts';
import { closingBlocks } from './pdf/closing.ts';
import { registerFonts } from './pdf/fonts.ts';
import { contentBottom, continuation } from './pdf/geometry.ts';
import { drawLetterHead } from './pdf/letter-head.ts';
import { linesTable } from './pdf/lines-table.ts';
import { describeInXmp, documentOptions } from './pdf/metadata.ts';
import { drawContinuationHeader, drawPageFrames } from './pdf/page-frame.ts';
import { paginate } from './pdf/pagination.ts';
import { DocumentStructure } from './pdf/structure.ts';

/**
 * The PDF of a document for people: German, A4, as a DIN 5008 letter, PDF/A-3b with embedded fonts, saying what
 * the XML says. Deterministic: the same document gives the same bytes.
 */
export async function renderPdf(document: InvoiceDocument): Promise<Uint8Array> {
  const doc = new PDFDocument(documentOptions(document));
  const bytes = collect(doc);
  describeInXmp(doc, document);
  registerFonts(doc);
  const canvas: Canvas = { doc, structure: new DocumentStructure(doc) };

  const tableTop = drawLetterHead(canvas, document);
  const table = linesTable(canvas, document);
  const items: Placeable[] = [...table.rows, ...closingBlocks(canvas, document)];
  const pages = paginate(items, {
    firstPage: contentBottom - tableTop,
    followingPages: contentBottom - continuation.contentTop,
    tableHeader: table.headerHeight,
  });
  pages.forEach((plan, index) => {
    let y = tableTop;
    if (index > 0) {
      doc.addPage();
      drawContinuationHeader(canvas, document);
      y = continuation.contentTop;
    }
    if (plan.tableHeader) y = table.drawHeader(y, index > 0);
    for (const item of plan.items.map((at) => items[at] as Placeable)) {
      item.draw(y);
      y += item.height;
    }
  });
  drawPageFrames(canvas, document);

  canvas.structure.end();
  doc.end();
  return bytes;
}

function collect(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    // A plain Uint8Array rather than Node's Buffer subclass: what the signature promises, and what PDF.js accepts.
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}
