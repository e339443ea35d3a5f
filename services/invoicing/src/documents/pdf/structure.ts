/**
 * The logical structure of the PDF (tagged PDF, ISO 32000-1 § 14.8): headings, paragraphs and the lines table as
 * a screen reader or a text extractor should read them, in reading order. What only decorates or repeats (fold
 * marks, rules, the repeated table header, footers and page numbers) is marked as an artifact and skipped.
 */
export class DocumentStructure {
  private readonly root: PDFKit.PDFStructureElement;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** Draws content as one element, e.g. `H1`, `P`, `TD`, inside `parent` (the document by default). */
  add(type: string, draw: () => void, parent: PDFKit.PDFStructureElement = this.root): void {
    parent.add(this.doc.struct(type, {}, draw));
  }

  /** A column header of a table, which says it heads its column (PDF/UA-1 7.5: TH needs a Scope). */
  columnHeader(draw: () => void, row: PDFKit.PDFStructureElement): void {
    // pdfkit 0.20 writes `scope` as the table attribute Scope; its types (0.17) do not know it yet.
    const options = { scope: 'Column' } as PDFKit.Mixins.StructureElementOptions;
    row.add(this.doc.struct('TH', options, draw));
  }

  /** An element whose children are added later, e.g. a `Table` whose rows run over several pages. */
  group(type: string, parent: PDFKit.PDFStructureElement = this.root): PDFKit.PDFStructureElement {
    const element = this.doc.struct(type);
    parent.add(element);
    return element;
  }

  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  end(): void {
    this.root.end();
  }
}
