/**
 * Where things go on an A4 page, in PDF points, after DIN 5008 form B (the letter form German administrations use):
 * the address field sits where a DL window envelope shows it, the information block beside it, fold marks at
 * 105 mm and 210 mm. https://de.wikipedia.org/wiki/DIN_5008
 */
const POINTS_PER_MM = 72 / 25.4;
export const mm = (millimetres: number): number => millimetres * POINTS_PER_MM;

export const page = { width: mm(210), height: mm(297) };
export const margin = { left: mm(25), right: mm(20) };
export const content = { left: margin.left, right: page.width - margin.right, width: page.width - margin.left - margin.right };

/** The institute's name, address, contact and tax number above the address field. */
export const letterhead = { top: mm(12), rule: mm(32) };

/**
 * Form B: the field starts 45 mm from the top and 20 mm from the left; text is indented 5 mm. Its first 17.7 mm
 * (Zusatz- und Vermerkzone) hold the return address, the next 27.3 mm the address itself.
 */
export const addressField = { left: mm(25), width: mm(80), returnAddressBottom: mm(62.7), addressTop: mm(62.7) };

/** Informationsblock: 125 mm from the left, 50 mm from the top, up to the right margin. */
export const informationBlock = { left: mm(125), top: mm(50), width: page.width - margin.right - mm(125) };

/** The subject (Betreff) starts two lines below the address field. */
export const subjectTop = mm(98.5);

export const foldMarks = [mm(105), mm(210)];
export const holeMark = page.height / 2;

/** Content of every page ends here; below are the page number and the footer. */
export const contentBottom = mm(266);
export const pageNumberTop = mm(268);
export const footer = { rule: mm(274), top: mm(276) };

/** Pages after the first: a one-line header, then the content. */
export const continuation = { top: mm(12), rule: mm(18), contentTop: mm(24) };

export const typeSizes = { title: 13, subject: 13, body: 9.5, table: 9, small: 8, tiny: 7 } as const;
export const colours = { text: '#000000', secondary: '#4d4d4d', rule: '#8c8c8c' } as const;
