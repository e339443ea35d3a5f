import type { InvoiceDocument } from '../model.ts';
import { type Canvas, drawRule, drawText, type TextStyle, textHeight } from './canvas.ts';
import { addressField, colours, content, informationBlock, letterhead, mm, subjectTop, typeSizes } from './geometry.ts';
import {
  buyerAddressLines,
  introduction,
  precedingInvoiceLine,
  referenceFields,
  returnAddressLine,
  sellerContactLines,
  sellerTaxIds,
  subjectLine,
} from './wording.ts';

const small: TextStyle = { weight: 'regular', size: typeSizes.small };
const label: TextStyle = { weight: 'regular', size: typeSizes.small, colour: colours.secondary };
const address: TextStyle = { weight: 'regular', size: 10 };

/**
 * The top of the first page, as a letter: the institute's letterhead, the buyer's address in the window, the
 * information block beside it, then the subject. Returns where the lines table starts.
 */
export function drawLetterHead(canvas: Canvas, document: InvoiceDocument): number {
  drawInstitute(canvas, document);
  const addressBottom = drawAddress(canvas, document);
  const informationBottom = drawInformationBlock(canvas, document);
  return drawSubject(canvas, document, Math.max(subjectTop, addressBottom + mm(8), informationBottom + mm(8)));
}

function drawInstitute(canvas: Canvas, document: InvoiceDocument): void {
  const { seller } = document;
  canvas.structure.add('P', () => {
    const nameHeight = drawText(
      canvas,
      seller.name,
      { x: content.left, y: letterhead.top, width: mm(95) },
      { weight: 'bold', size: typeSizes.title },
    );
    drawText(
      canvas,
      `${seller.street} · ${seller.postalCode} ${seller.city}`,
      { x: content.left, y: letterhead.top + nameHeight + 2, width: mm(95) },
      small,
    );
  });
  canvas.structure.add('P', () => {
    drawText(
      canvas,
      [...sellerContactLines(seller), ...sellerTaxIds(seller)].join('\n'),
      { x: informationBlock.left, y: letterhead.top, width: informationBlock.width, align: 'right' },
      small,
    );
  });
  drawRule(canvas, content.left, content.right, letterhead.rule);
}

/** Returns the bottom of the address. */
function drawAddress(canvas: Canvas, document: InvoiceDocument): number {
  const returnAddress = returnAddressLine(document.seller);
  const returnStyle: TextStyle = { weight: 'regular', size: typeSizes.tiny, colour: colours.secondary };
  const returnHeight = textHeight(canvas, returnAddress, addressField.width, returnStyle);
  canvas.structure.add('P', () => {
    drawText(
      canvas,
      returnAddress,
      { x: addressField.left, y: addressField.returnAddressBottom - returnHeight - 2, width: addressField.width },
      returnStyle,
    );
  });
  let height = 0;
  canvas.structure.add('P', () => {
    height = drawText(
      canvas,
      buyerAddressLines(document).join('\n'),
      { x: addressField.left, y: addressField.addressTop, width: addressField.width },
      address,
    );
  });
  return addressField.addressTop + height;
}

/** Label and value in two columns; returns the bottom of the block. */
function drawInformationBlock(canvas: Canvas, document: InvoiceDocument): number {
  const labelWidth = mm(29);
  const valueX = informationBlock.left + labelWidth;
  const valueWidth = informationBlock.width - labelWidth;
  let y = informationBlock.top;
  for (const field of referenceFields(document)) {
    canvas.structure.add('P', () => {
      const labelHeight = drawText(canvas, `${field.label}:`, { x: informationBlock.left, y, width: labelWidth - 4 }, label);
      const valueHeight = drawText(canvas, field.value, { x: valueX, y, width: valueWidth }, small);
      y += Math.max(labelHeight, valueHeight) + 1.5;
    });
  }
  return y;
}

/** "Rechnung RE-…", for a credit note the invoice it cancels, and one sentence leading into the table. */
function drawSubject(canvas: Canvas, document: InvoiceDocument, top: number): number {
  let y = top;
  canvas.structure.add('H1', () => {
    y += drawText(canvas, subjectLine(document), { x: content.left, y, width: content.width }, { weight: 'bold', size: typeSizes.subject });
  });
  const preceding = precedingInvoiceLine(document);
  if (preceding) {
    canvas.structure.add('P', () => {
      y += drawText(canvas, preceding, { x: content.left, y, width: content.width }, { weight: 'bold', size: typeSizes.body });
    });
  }
  y += mm(4);
  canvas.structure.add('P', () => {
    y += drawText(
      canvas,
      introduction(document),
      { x: content.left, y, width: content.width },
      { weight: 'regular', size: typeSizes.body },
    );
  });
  return y + mm(3);
}
