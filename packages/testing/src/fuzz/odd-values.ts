/**
 * Values a client may send by mistake or on purpose. Each is here because some parser, database or template has
 * tripped over it somewhere: NUL (PostgreSQL refuses it in text), unpaired surrogates (not encodable as UTF-8),
 * bidirectional overrides, combining marks, emoji sequences, SQL and HTML, header injection, very long text.
 */
export const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'Anna\u0000Meyer',
  '\ud800',
  'x\udc00y',
  '\u202eevil.exe\u202c',
  'مدينة أولدنبورغ',
  'שלום',
  '👩‍👩‍👧‍👦🇩🇪',
  'e\u0301\u0301\u0301\u0301\u0301',
  'Z̵̡̢̛̛̛͚̫̟̤̗͖̲̀̃̈́͑̓͊̔̐a̴̡̛̟̹̲͓̅̆l̶̨̛̗g̷̣̓o',
  '\ufeffBOM',
  'line\u2028separator',
  "'; DROP TABLE registrations; --",
  "' OR '1'='1",
  '%',
  '_%\\',
  '<script>alert(1)</script>',
  '<![CDATA[x]]>&amp;&lt;',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: template injection is the point
  '${7*7}{{7*7}}',
  '=HYPERLINK("http://x")',
  '../../etc/passwd',
  'header\r\nX-Injected: 1',
  'null',
  'NaN',
  '-0',
  '1e999',
  '0x10',
  '\t\n\r',
  'ß'.repeat(300),
  'x'.repeat(5_000),
];

/** A string longer than any limit the document states (and far above a column's). */
export const LONG_STRING = 'ä'.repeat(70_000);

/** JSON values of every type, to put where another type belongs. */
export const WRONG_TYPES: readonly unknown[] = [
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  -(2 ** 31),
  true,
  false,
  null,
  'text',
  '42',
  '2027-13-45',
  [],
  [1, 'a', null],
  {},
  { nested: { deeper: [] } },
];

/** Number literals JSON allows but JavaScript numbers cannot hold exactly (written into the raw body text). */
export const NUMBER_LITERALS: readonly string[] = [
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '-0',
  '0.0000001',
  '1E2',
  '123456789012345678901234567890',
];

/** Path parameter values that are not ids (percent-encoded where a URL needs it). */
export const NOT_IDS: readonly string[] = [
  'abc',
  '0',
  '-1',
  '1e9',
  'null',
  'undefined',
  '%00',
  '%ff',
  '%E0%A4%A',
  '%2e%2e',
  '%20',
  '%F0%9F%98%80',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567e89b12d3a456426614174000',
  '{123e4567-e89b-12d3-a456-426614174000}',
  'x'.repeat(2_000),
  "1'%20OR%20'1'='1",
  '%3Cscript%3E',
];

/** Bad values for days and times in query strings and bodies. */
export const BAD_DATES: readonly string[] = [
  '2027-13-45',
  '2027-02-30',
  '2027-2-3',
  '27-01-01',
  '20270101',
  '2027-01-01T25:00:00Z',
  '2027-01-01T10:00:00',
  '2027-01-01 10:00',
  'today',
  '0000-00-00',
  '9999-12-31',
  '-002027-01-01',
  '+275760-09-13',
  '2027-01-01T10:00:00+25:00',
];

/** Malformed bodies: not JSON, not UTF-8, not an object, nested past any sane depth. */
export const INVALID_BODIES: readonly (string | Uint8Array)[] = [
  '',
  '{',
  '{"a":1,}',
  "{'a':1}",
  'undefined',
  'null',
  '[]',
  '"a string"',
  '42',
  '{"a":1}{"b":2}',
  '\u0000',
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
  '\ufeff{}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`,
];

export const ODD_CONTENT_TYPES: readonly (string | undefined)[] = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json;;',
  'application/merge-patch+json',
  'json',
  '',
];
