import { describe, expect, it } from 'vitest';
import { el, elWithAttributes, escapeAttribute, escapeText, serialize, text } from './xml.ts';

describe('escaping', () => {
  it('escapes markup in text and keeps everything else as it is', () => {
    expect(escapeText('Müll & Abwasser <Nord> "Süd" \'Ost\' ß € 🎓')).toBe('Müll &amp; Abwasser &lt;Nord&gt; "Süd" \'Ost\' ß € 🎓');
  });

  it('escapes quotes and the whitespace that attribute normalisation would change', () => {
    expect(escapeAttribute('a "b" & <c>\td\ne\r')).toBe('a &quot;b&quot; &amp; &lt;c&gt;&#9;d&#10;e&#13;');
  });

  it('drops characters that XML 1.0 cannot carry, even as references', () => {
    expect(escapeText('a\u0000b\u0007c\u001Fd\uFFFEe\uD800f\tg\nh')).toBe('abcdef\tg\nh');
    expect(escapeText('\uD83C\uDF93')).toBe('🎓'); // a surrogate pair is one character and stays
  });
});

describe('serialize', () => {
  it('writes a declaration, indents elements and leaves out absent parts', () => {
    const xml = serialize(
      elWithAttributes('Invoice', { xmlns: 'urn:x' }, text('cbc:ID', 'RE-1'), null, false, undefined, [el('cac:P', text('cbc:N', 'a&b'))]),
    );

    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Invoice xmlns="urn:x">',
        '  <cbc:ID>RE-1</cbc:ID>',
        '  <cac:P>',
        '    <cbc:N>a&amp;b</cbc:N>',
        '  </cac:P>',
        '</Invoice>',
        '',
      ].join('\n'),
    );
  });

  it('refuses empty elements, which XRechnung rejects (PEPPOL-EN16931-R008)', () => {
    expect(() => serialize(el('Invoice', text('cbc:Note', '')))).toThrow(/empty/);
    expect(() => serialize(el('Invoice', el('cac:OrderReference', null)))).toThrow(/no content/);
  });
});
