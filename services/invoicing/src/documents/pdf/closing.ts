import type { InvoiceDocument } from '../model.ts';
import { type Canvas, drawRule, drawText, type Placeable, type TextStyle, textHeight } from './canvas.ts';
import { content, mm, typeSizes } from './geometry.ts';
import { exemptionNotes, type LabelledValue, paymentParagraph, type TotalRow, totalRows } from './wording.ts';

/**
 * What follows the lines table, as blocks that are each kept on one page: the totals with the VAT breakdown, the
 * exemption note, payment terms and account, and the document's notes (for a credit note, its reason).
 */
const body: TextStyle = { weight: 'regular', size: typeSizes.body };
const strong: TextStyle = { weight: 'bold', size: typeSizes.body };
const spaceBefore = mm(4);

export function closingBlocks(canvas: Canvas, document: InvoiceDocument): Placeable[] {
  const notes = [...exemptionNotes(document), ...document.notes];
  return [totalsBlock(canvas, totalRows(document)), ...notes.map((note) => paragraphBlock(canvas, note)), paymentBlock(canvas, document)];
}

/** Labels and amounts in a column at the right, the grand total in bold under a rule. */
function totalsBlock(canvas: Canvas, rows: TotalRow[]): Placeable {
  const width = mm(100);
  const amountWidth = mm(28);
  const left = content.right - width;
  const labelWidth = width - amountWidth - mm(2);
  const rowHeight = (row: TotalRow) => textHeight(canvas, row.label, labelWidth, row.emphasis ? strong : body) + 3;
  const ruleSpace = 3;
  const height = spaceBefore + rows.reduce((sum, row) => sum + rowHeight(row) + (row.emphasis ? ruleSpace : 0), 0);
  return {
    kind: 'block',
    height,
    draw: (top) => {
      let y = top + spaceBefore;
      for (const row of rows) {
        if (row.emphasis) {
          drawRule(canvas, left, content.right, y, 0.75);
          y += ruleSpace;
        }
        const style = row.emphasis ? strong : body;
        canvas.structure.add('P', () => {
          drawText(canvas, row.label, { x: left, y, width: labelWidth }, style);
          drawText(canvas, row.value, { x: content.right - amountWidth, y, width: amountWidth, align: 'right' }, style);
        });
        y += rowHeight(row);
      }
    },
  };
}

function paragraphBlock(canvas: Canvas, text: string): Placeable {
  return {
    kind: 'block',
    height: spaceBefore + textHeight(canvas, text, content.width, body),
    draw: (y) =>
      canvas.structure.add('P', () => drawText(canvas, text, { x: content.left, y: y + spaceBefore, width: content.width }, body)),
  };
}

/** The terms, then for an invoice the account as label and value, so the IBAN can be read off at a glance. */
function paymentBlock(canvas: Canvas, document: InvoiceDocument): Placeable {
  const { text, account } = paymentParagraph(document);
  const labelWidth = mm(35);
  const textHeightWithGap = textHeight(canvas, text, content.width, body) + mm(1.5);
  const accountRowHeight = (field: LabelledValue) => textHeight(canvas, field.value, content.width - labelWidth, strong) + 1;
  const height = spaceBefore + textHeightWithGap + account.reduce((sum, field) => sum + accountRowHeight(field), 0);
  return {
    kind: 'block',
    height,
    draw: (top) => {
      let y = top + spaceBefore;
      canvas.structure.add('P', () => drawText(canvas, text, { x: content.left, y, width: content.width }, body));
      y += textHeightWithGap;
      for (const field of account) {
        canvas.structure.add('P', () => {
          drawText(canvas, `${field.label}:`, { x: content.left, y, width: labelWidth }, body);
          drawText(canvas, field.value, { x: content.left + labelWidth, y, width: content.width - labelWidth }, strong);
        });
        y += accountRowHeight(field);
      }
    },
  };
}
