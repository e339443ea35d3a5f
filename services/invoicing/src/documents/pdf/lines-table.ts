import type { InvoiceDocument } from '../model.ts';
import { type Canvas, drawRule, drawText, type Placeable, type TextBox, type TextStyle, textHeight } from './canvas.ts';
import { colours, content, mm, typeSizes } from './geometry.ts';
import { type LineCells, lineCells, tableHeadings } from './wording.ts';

/**
 * The lines table: Pos. | Bezeichnung (what, who, when) | Menge | USt. | Betrag. Each row is placed whole (see
 * pagination.ts); the header is drawn at the top of every page the table runs over.
 */
const padding = 3;
const gap = mm(2);
const columnWidths = { position: mm(9), quantity: mm(11), vat: mm(12), amount: mm(24) };
const descriptionWidth = content.width - columnWidths.position - columnWidths.quantity - columnWidths.vat - columnWidths.amount - 4 * gap;

const columns = (() => {
  const position = content.left;
  const description = position + columnWidths.position + gap;
  const quantity = description + descriptionWidth + gap;
  const vat = quantity + columnWidths.quantity + gap;
  const amount = vat + columnWidths.vat + gap;
  return {
    position: { x: position, width: columnWidths.position },
    description: { x: description, width: descriptionWidth },
    quantity: { x: quantity, width: columnWidths.quantity },
    vat: { x: vat, width: columnWidths.vat },
    amount: { x: amount, width: columnWidths.amount },
  };
})();

type Column = keyof typeof columns;
const rightAligned: ReadonlySet<Column> = new Set(['quantity', 'vat', 'amount']);

const heading: TextStyle = { weight: 'bold', size: typeSizes.small };
const title: TextStyle = { weight: 'bold', size: typeSizes.table };
const cell: TextStyle = { weight: 'regular', size: typeSizes.table };
const detail: TextStyle = { weight: 'regular', size: typeSizes.small, colour: colours.secondary };

export interface LinesTable {
  headerHeight: number;
  /** Draws the header at `y` and returns where the first row starts. A repeated header is an artifact. */
  drawHeader(y: number, repeated: boolean): number;
  rows: Placeable[];
}

export function linesTable(canvas: Canvas, document: InvoiceDocument): LinesTable {
  const table = canvas.structure.group('Table');
  const headerHeight = textHeight(canvas, tableHeadings.description, descriptionWidth, heading) + 2 * padding;

  const drawHeader = (y: number, repeated: boolean): number => {
    const drawCells = (tag: (draw: () => void) => void) => {
      for (const column of Object.keys(columns) as Column[]) {
        tag(() => drawText(canvas, tableHeadings[column], box(column, y + padding), heading));
      }
    };
    if (repeated) canvas.structure.artifact(() => drawCells((draw) => draw()), 'Pagination');
    else {
      const row = canvas.structure.group('TR', table);
      drawCells((draw) => canvas.structure.columnHeader(draw, row));
    }
    drawRule(canvas, content.left, content.right, y + headerHeight, 0.75);
    return y + headerHeight;
  };

  const rows = document.lines.map((line): Placeable => {
    const cells = lineCells(line);
    const height = textHeight(canvas, cells.title, descriptionWidth, title) + detailsHeight(canvas, cells) + 2 * padding;
    return { kind: 'row', height, draw: (y) => drawRow(canvas, table, cells, y, height) };
  });
  return { headerHeight, drawHeader, rows };
}

function detailsHeight(canvas: Canvas, cells: LineCells): number {
  return cells.details.length === 0 ? 0 : textHeight(canvas, cells.details.join('\n'), descriptionWidth, detail);
}

function drawRow(canvas: Canvas, table: PDFKit.PDFStructureElement, cells: LineCells, y: number, height: number): void {
  const row = canvas.structure.group('TR', table);
  const top = y + padding;
  const td = (draw: () => void) => canvas.structure.add('TD', draw, row);
  td(() => drawText(canvas, cells.position, box('position', top), cell));
  td(() => {
    const titleHeight = drawText(canvas, cells.title, box('description', top), title);
    if (cells.details.length > 0) drawText(canvas, cells.details.join('\n'), box('description', top + titleHeight), detail);
  });
  td(() => drawText(canvas, cells.quantity, box('quantity', top), cell));
  td(() => drawText(canvas, cells.vat, box('vat', top), cell));
  td(() => drawText(canvas, cells.amount, box('amount', top), cell));
  drawRule(canvas, content.left, content.right, y + height, 0.25);
}

function box(column: Column, y: number): TextBox {
  return { ...columns[column], y, align: rightAligned.has(column) ? 'right' : 'left' };
}
