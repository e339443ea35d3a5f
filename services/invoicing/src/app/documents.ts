import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db.ts';
import type { DocumentFacts } from '../domain/invoice.ts';

export interface RenderedDocument extends DocumentFacts {
  content: Uint8Array;
}

export const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Both documents of an issued invoice or credit note, named with its number. */
export function renderedDocuments(number: string, xml: string, pdf: Uint8Array): RenderedDocument[] {
  const xmlBytes = new Uint8Array(Buffer.from(xml, 'utf8'));
  return [
    { kind: 'xrechnung', fileName: `${number}.xml`, mediaType: 'application/xml', sha256: sha256(xmlBytes), content: xmlBytes },
    { kind: 'pdf', fileName: `${number}.pdf`, mediaType: 'application/pdf', sha256: sha256(pdf), content: pdf },
  ];
}

/** Stored once, in the issuing transaction; a trigger refuses any later change (GoBD). */
export async function storeDocuments(tx: Tx, invoiceId: string, documents: readonly RenderedDocument[]): Promise<void> {
  await tx.invoiceDocument.createMany({
    data: documents.map((d) => ({
      invoiceId,
      kind: d.kind,
      fileName: d.fileName,
      mediaType: d.mediaType,
      content: d.content as Uint8Array<ArrayBuffer>,
      sha256: d.sha256,
    })),
  });
}

export async function storedDocument(db: Db, invoiceId: string, kind: DocumentFacts['kind']) {
  return db.invoiceDocument.findUnique({ where: { invoiceId_kind: { invoiceId, kind } } });
}
