import { describe, expect, it } from 'vitest';
import { fold, param, text, uri, utc } from './content-line.ts';

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('escaping', () => {
  it('escapes backslash, semicolon, comma and line breaks in text values', () => {
    expect(text('Recht; Ordnung, Verwaltung\r\nTeil 2\nC:\\Daten')).toBe('Recht\\; Ordnung\\, Verwaltung\\nTeil 2\\nC:\\\\Daten');
  });

  it('drops control characters but keeps tabs and umlauts', () => {
    expect(text('Grüße\u0007\tSaal')).toBe('Grüße\tSaal');
  });

  it('quotes parameter values and caret-escapes what a quoted string cannot hold (RFC 6868)', () => {
    expect(param('Lovelace, Ada "Ada" ^1\nX')).toBe(`"Lovelace, Ada ^'Ada^' ^^1^nX"`);
  });

  it('leaves URIs as they are but drops a line break that would start a new property', () => {
    expect(uri('https://example.org/a?b=1,2;c')).toBe('https://example.org/a?b=1,2;c');
    expect(uri('https://example.org/\r\nSTATUS:CANCELLED')).toBe('https://example.org/STATUS:CANCELLED');
  });
});

describe('folding', () => {
  it('leaves lines of 75 octets alone', () => {
    const line = `SUMMARY:${'x'.repeat(67)}`;
    expect(fold(line)).toBe(line);
  });

  it('folds longer lines at 75 octets with CRLF and one space', () => {
    const folded = fold(`SUMMARY:${'x'.repeat(100)}`).split('\r\n');
    expect(folded.map((l) => Buffer.byteLength(l))).toEqual([75, 34]);
    expect(folded[1]?.startsWith(' x')).toBe(true);
  });

  it('counts UTF-8 octets and never splits a character', () => {
    const line = `SUMMARY:${'Ä'.repeat(60)}🎓${'ß'.repeat(40)}`;
    const folded = fold(line).split('\r\n');
    for (const physical of folded) {
      expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
      expect(Buffer.from(physical).toString('utf8')).toBe(physical); // no broken sequence
      expect(physical).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone surrogate
    }
    expect(unfold(folded.join('\r\n'))).toBe(line);
  });
});

it('formats UTC date-times without separators or milliseconds', () => {
  expect(utc(new Date('2027-12-31T23:59:59.999Z'))).toBe('20271231T235959Z');
  expect(utc(new Date('2027-03-01T09:00:00+01:00'))).toBe('20270301T080000Z');
});
