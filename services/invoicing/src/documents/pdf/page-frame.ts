import type { InvoiceDocument } from '../model.ts';
import { type Canvas, drawRule, drawText, type TextStyle } from './canvas.ts';
import { formatDate } from './format.ts';
import { colours, content, continuation, foldMarks, footer, holeMark, mm, pageNumberTop, typeSizes } from './geometry.ts';
import { bankLine, returnAddressLine, sellerTaxIds, subjectLine } from './wording.ts';

/**
 * What every page carries around its content: on pages after the first a one-line header naming the document, at
 * the bottom the institute with its tax number and bank account, and "Seite 1 von 2". All of it repeats what the
 * first page says, so it is marked as pagination artifacts, not content.
 */
const footerStyle: TextStyle = { weight: 'regular', size: typeSizes.tiny, colour: colours.secondary };

export function drawContinuationHeader(canvas: Canvas, document: InvoiceDocument): void {
  const style: TextStyle = { weight: 'regular', size: typeSizes.small, colour: colours.secondary };
  canvas.structure.artifact(() => {
    drawText(canvas, document.seller.name, { x: content.left, y: continuation.top, width: content.width / 2 }, style);
    drawText(
      canvas,
      `${subjectLine(document)} vom ${formatDate(document.issueDate)}`,
      { x: content.left + content.width / 2, y: continuation.top, width: content.width / 2, align: 'right' },
      style,
    );
  }, 'Pagination');
  drawRule(canvas, content.left, content.right, continuation.rule);
}

/** Once every page is drawn, so the total number of pages is known. Needs `bufferPages`. */
export function drawPageFrames(canvas: Canvas, document: InvoiceDocument): void {
  const { doc } = canvas;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    if (index === range.start) drawFoldMarks(canvas);
    drawFooter(canvas, document, `Seite ${index - range.start + 1} von ${range.count}`);
  }
}

function drawFooter(canvas: Canvas, document: InvoiceDocument, pageNumber: string): void {
  canvas.structure.artifact(() => {
    drawText(
      canvas,
      pageNumber,
      { x: content.left, y: pageNumberTop, width: content.width, align: 'right' },
      {
        weight: 'regular',
        size: typeSizes.small,
      },
    );
  }, 'Pagination');
  drawRule(canvas, content.left, content.right, footer.rule);
  const institute = [returnAddressLine(document.seller), ...sellerTaxIds(document.seller)].join(' · ');
  canvas.structure.artifact(() => {
    drawText(canvas, `${institute}\n${bankLine(document)}`, { x: content.left, y: footer.top, width: content.width }, footerStyle);
  }, 'Pagination');
}

/** Fold marks and the hole mark at the left edge, for folding into a DL window envelope and filing. */
function drawFoldMarks(canvas: Canvas): void {
  canvas.structure.artifact(() => {
    const { doc } = canvas;
    doc.save().lineWidth(0.5).strokeColor(colours.rule);
    for (const y of [...foldMarks, holeMark])
      doc
        .moveTo(mm(4), y)
        .lineTo(y === holeMark ? mm(10) : mm(8), y)
        .stroke();
    doc.restore();
  });
}
