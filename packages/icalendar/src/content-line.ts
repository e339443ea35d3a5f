/**
 * The pieces of an RFC 5545 content line: value escaping, UTC date-times and line folding.
 * https://www.rfc-editor.org/rfc/rfc5545#section-3.1
 */

/** DATE-TIME in UTC, form #2 of RFC 5545 §3.3.5: 20270301T080000Z. */
export function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped; other controls dropped. */
export function text(value: string): string {
  return withoutControls(value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n'));
}

/** A quoted parameter value: DQUOTE and line breaks cannot appear in one, so they use RFC 6868's caret escapes. */
export function param(value: string): string {
  return `"${withoutControls(
    value
      .replace(/\^/g, '^^')
      .replace(/\r\n|\r|\n/g, '^n')
      .replace(/"/g, "^'"),
  )}"`;
}

/** URI and CAL-ADDRESS values are not escaped (RFC 5545 §3.3.13), but a line break in one would start a new property. */
export const uri = (value: string) => withoutControls(value);

/** CONTROL characters other than HTAB may not appear in any value (RFC 5545 §3.1). */
const withoutControls = (value: string) => [...value].filter((c) => c === '\t' || (c >= ' ' && c !== '\u007f')).join('');

const encoder = new TextEncoder();
const MAX_OCTETS = 75;

/**
 * Folds a content line so no physical line exceeds 75 octets (RFC 5545 §3.1), counting UTF-8
 * octets and never splitting a character. A continuation line starts with one space, which counts.
 */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}
