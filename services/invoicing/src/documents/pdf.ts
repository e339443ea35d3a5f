import type { InvoiceDocument } from './model.ts';

/** The PDF of a document for people: German, A4, the same content as the XML. */
export async function renderPdf(_document: InvoiceDocument): Promise<Uint8Array> {
  throw new Error('renderPdf: not built yet');
}
