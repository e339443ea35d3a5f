import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * DejaVu Sans Condensed, embedded (and subset) into every PDF: PDF/A forbids relying on the reader's fonts, and
 * DejaVu covers umlauts, ß, €, § and the names of participants from anywhere (Ömer Yıldız). Its licence (Bitstream
 * Vera, public-domain changes) allows embedding. The condensed cut fits long seminar titles into the table.
 */
const fontFile = createRequire(import.meta.url);
const fontFiles = {
  regular: fontFile.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  bold: fontFile.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
} as const;

export type FontWeight = keyof typeof fontFiles;

/**
 * Parsed once per process and handed to every document: parsing the two TTFs took ~13 ms of a ~15 ms invoice.
 * pdfkit makes its own subset per document from a shared font, so documents stay independent (and identical
 * bytes for identical documents, which the tests check).
 */
let parsed: Record<FontWeight, fontkit.Font> | undefined;

/** Makes `doc.font('regular')` and `doc.font('bold')` the embedded DejaVu fonts. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  parsed ??= { regular: parse(fontFiles.regular), bold: parse(fontFiles.bold) };
  for (const weight of Object.keys(parsed) as FontWeight[]) {
    // pdfkit 0.20 takes a fontkit font as a source (anything with `layout`); its types (0.17) do not say so yet.
    doc.registerFont(weight, parsed[weight] as unknown as PDFKit.Mixins.PDFFontSource);
  }
}

function parse(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(file));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a single TrueType font`);
  return font;
}
