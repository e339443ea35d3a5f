/**
 * Just enough XML for UBL: elements with attributes and either text or child elements, serialised with
 * escaping and a fixed layout, so the same tree always gives the same bytes. No DOM and no dependency: the
 * documents are small, and the only subtle part, escaping, is here and tested (xml.spec.ts).
 */
export type Attributes = Readonly<Record<string, string>>;

export class XmlElement {
  constructor(
    readonly name: string,
    readonly attributes: Attributes,
    readonly children: readonly XmlElement[],
    readonly text: string | null,
  ) {}
}

/** Absent optional parts (`null`, `undefined`, `false`) are left out; arrays are flattened. */
export type Child = XmlElement | null | undefined | false | readonly Child[];

/** An element with child elements: `el('cac:Party', el('cbc:EndpointID', …), …)`. */
export function el(name: string, ...children: Child[]): XmlElement {
  return new XmlElement(name, {}, flatten(children), null);
}

/** An element with attributes and child elements, e.g. the root with its namespace declarations. */
export function elWithAttributes(name: string, attributes: Attributes, ...children: Child[]): XmlElement {
  return new XmlElement(name, attributes, flatten(children), null);
}

/** An element with text (and attributes): `text('cbc:ID', invoice.number)`, `text('cbc:EndpointID', id, { schemeID: 'EM' })`. */
export function text(name: string, value: string, attributes: Attributes = {}): XmlElement {
  return new XmlElement(name, attributes, [], value);
}

/** The root element with its namespace declarations; rendered with the XML declaration. */
export function serialize(root: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  write(root, 0, lines);
  return `${lines.join('\n')}\n`;
}

function flatten(children: readonly Child[]): XmlElement[] {
  return children.flatMap((child): XmlElement[] => {
    if (child instanceof XmlElement) return [child];
    if (Array.isArray(child)) return flatten(child);
    return [];
  });
}

function write(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (element.text !== null) {
    // An empty element is never what we mean (and PEPPOL-EN16931-R008 rejects it): a missing value is a bug upstream.
    if (element.text === '') throw new Error(`<${element.name}> would be empty`);
    lines.push(`${open}>${escapeText(element.text)}</${element.name}>`);
  } else if (element.children.length === 0) {
    throw new Error(`<${element.name}> has no content`);
  } else {
    lines.push(`${open}>`);
    for (const child of element.children) write(child, depth + 1, lines);
    lines.push(`${indent}</${element.name}>`);
  }
}

// XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates (unpaired here, with the u flag),
// U+FFFE and U+FFFF. Other control characters cannot be written at all, not even as references; they carry no
// meaning on an invoice, so they are dropped rather than failing the whole document.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeText(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>\r]/g, (c) => ENTITIES[c] as string);
}

export function escapeAttribute(value: string): string {
  // Tab, LF and CR as references, or the parser's attribute-value normalisation turns them into spaces.
  return value.replace(NOT_XML, '').replace(/[&<>"\t\n\r]/g, (c) => ENTITIES[c] as string);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
