import { createRequire } from 'node:module';

/**
 * DejaVu Sans Condensed, embedded (and subset) into every PDF: PDF/A forbids relying on the reader's fonts, and
 * DejaVu covers umlauts, ß, €, § and the names of participants from anywhere (Ömer Yıldız). Its licence (Bitstream
 * Vera, public-domain changes) allows embedding. The condensed cut fits long seminar titles into the table.
 */
const fontFile = createRequire(import.meta.url);

export const fontFiles = {
  regular: fontFile.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'),
  bold: fontFile.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'),
} as const;

export type FontWeight = keyof typeof fontFiles;
