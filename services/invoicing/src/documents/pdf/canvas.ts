import type { FontWeight } from './fonts.ts';
import { colours } from './geometry.ts';
import type { DocumentStructure } from './structure.ts';

/** The PDF being drawn and its logical structure; every drawing function gets both. */
export interface Canvas {
  doc: PDFKit.PDFDocument;
  structure: DocumentStructure;
}

export interface TextStyle {
  weight: FontWeight;
  size: number;
  colour?: string;
}

export interface TextBox {
  x: number;
  y: number;
  width: number;
  align?: 'left' | 'right' | 'center';
}

/** Something that is placed on a page as a whole: a row of the lines table, or a block after it. */
export interface Placeable {
  kind: 'row' | 'block';
  height: number;
  draw(y: number): void;
}

/** Draws text wrapped to the box's width and returns its height. */
export function drawText(canvas: Canvas, text: string, box: TextBox, style: TextStyle): number {
  applyStyle(canvas.doc, style);
  canvas.doc.text(text, box.x, box.y, { width: box.width, align: box.align ?? 'left' });
  return canvas.doc.heightOfString(text, { width: box.width });
}

export function textHeight(canvas: Canvas, text: string, width: number, style: TextStyle): number {
  applyStyle(canvas.doc, style);
  return canvas.doc.heightOfString(text, { width });
}

export function drawRule(canvas: Canvas, x1: number, x2: number, y: number, width = 0.5): void {
  canvas.structure.artifact(() => {
    canvas.doc.save().lineWidth(width).strokeColor(colours.rule).moveTo(x1, y).lineTo(x2, y).stroke().restore();
  });
}

function applyStyle(doc: PDFKit.PDFDocument, style: TextStyle): void {
  doc
    .font(style.weight)
    .fontSize(style.size)
    .fillColor(style.colour ?? colours.text);
}
