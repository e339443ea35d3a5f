import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { formatDate, formatDateTime } from '../ui/format.ts';
import { emailOfPerson, isErasedPerson, nameOf, type Offering, type Registration } from './catalogue-resources.ts';

/** One line of the participant list: the registration and its municipality's name (or none). */
export interface ListedParticipant {
  registration: Registration;
  municipality: string;
}

const fullName = (r: Registration) => nameOf(r.participant, 'last');

/**
 * A cell as German Excel reads it: quoted when it holds the separator, a quote or a line break; and a leading
 * `= + - @` (or tab, CR) made plain text with an apostrophe, so a name cannot become a formula (OWASP CSV injection).
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const ATTENDANCE = (attended: boolean | undefined) => (attended === undefined ? '' : attended ? 'ja' : 'nein');

/**
 * The participant list as CSV for German Excel: UTF-8 with a byte order mark (else Excel reads umlauts as
 * Windows-1252), `;` between cells (Excel in German uses the comma for decimals), CRLF (RFC 4180). Confirmed
 * participants first, then the waiting list in its order.
 */
export function participantCsv(rows: readonly ListedParticipant[]): string {
  const header = ['Nachname', 'Vorname', 'E-Mail', 'Kommune', 'Status', 'Wartelistenplatz', 'Anwesend'];
  const lines = rows.map(({ registration: r, municipality }) => [
    ...(isErasedPerson(r.participant) ? [nameOf(r.participant), ''] : [r.participant.lastName, r.participant.firstName]),
    emailOfPerson(r.participant),
    municipality,
    r.status === 'confirmed' ? 'angemeldet' : 'Warteliste',
    r.waitlistPosition ? String(r.waitlistPosition) : '',
    ATTENDANCE(r.attended),
  ]);
  return `\uFEFF${[header, ...lines].map((cells) => cells.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

const fonts = createRequire(import.meta.url);
const FONT = {
  regular: fonts.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  bold: fonts.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
};

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const ROW = 30;
const COLUMNS = [
  { title: 'Nr.', width: 30 },
  { title: 'Name', width: 175 },
  { title: 'Kommune', width: 140 },
  { title: 'Unterschrift', width: A4.width - 2 * MARGIN - 345 },
] as const;

/**
 * Teilnehmerliste zum Unterschreiben: title, date, place, and a table of the confirmed participants with a
 * signature column, on as many A4 pages as it takes (the table head on each). DejaVu (as the invoices use it)
 * because names come from anywhere (Ömer Yıldız) and the PDF must not rely on the reader's fonts.
 */
export function signInSheetPdf(offering: Offering, rows: readonly ListedParticipant[]): Promise<Uint8Array<ArrayBuffer>> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, lang: 'de-DE', info: { Title: `Teilnehmerliste: ${offering.title}` } });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(16).text('Teilnehmerliste zum Unterschreiben', MARGIN, MARGIN);
  doc.moveDown(0.5).font('bold').fontSize(12).text(offering.title);
  doc.font('regular').fontSize(10);
  doc.text(`Termin: ${formatDateTime(offering.startsAt)} bis ${formatDateTime(offering.endsAt)}`);
  doc.text(`Ort: ${offering.location}`);
  doc.text(`Stand: ${formatDate(new Date().toISOString())}, ${rows.length} Teilnehmende`);

  const drawRow = (y: number, cells: readonly string[], bold: boolean) => {
    let x = MARGIN;
    doc.font(bold ? 'bold' : 'regular').fontSize(10);
    COLUMNS.forEach((column, i) => {
      doc.rect(x, y, column.width, ROW).stroke();
      doc.text(cells[i] ?? '', x + 4, y + 9, { width: column.width - 8, height: ROW - 10, ellipsis: true, lineBreak: false });
      x += column.width;
    });
  };
  let y = doc.y + 16;
  drawRow(
    y,
    COLUMNS.map((c) => c.title),
    true,
  );
  y += ROW;
  rows.forEach(({ registration, municipality }, index) => {
    if (y + ROW > A4.height - MARGIN) {
      doc.addPage();
      y = MARGIN;
      drawRow(
        y,
        COLUMNS.map((c) => c.title),
        true,
      );
      y += ROW;
    }
    drawRow(y, [String(index + 1), fullName(registration), municipality, ''], false);
    y += ROW;
  });
  doc.end();
  return done;
}
