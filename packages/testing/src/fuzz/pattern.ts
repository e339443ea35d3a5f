import type { Random } from './random.ts';

/**
 * A string matching `pattern`, for the simple anchored patterns the document uses (character classes, `\d`,
 * literals, `{m,n}`/`+`/`*`/`?`). `length` asks for the shortest or longest match instead of a random one.
 */
export function stringMatching(pattern: string, random: Random, length: 'random' | 'min' | 'max' = 'random'): string {
  const source = pattern.replace(/^\^/, '').replace(/\$$/, '');
  let out = '';
  let i = 0;
  while (i < source.length) {
    let chars: string[];
    if (source[i] === '[') {
      const end = source.indexOf(']', i);
      chars = expandClass(source.slice(i + 1, end));
      i = end + 1;
    } else if (source[i] === '\\') {
      const escaped = source[i + 1] ?? '';
      chars = escaped === 'd' ? [...'0123456789'] : escaped === 'w' ? expandClass('A-Za-z0-9_') : [escaped];
      i += 2;
    } else {
      chars = [source[i] as string];
      i += 1;
    }
    let min = 1;
    let max = 1;
    const quantifier = /^(\{(\d+)(,(\d*))?\}|[+*?])/.exec(source.slice(i));
    if (quantifier) {
      i += quantifier[0].length;
      if (quantifier[0] === '+') [min, max] = [1, 12];
      else if (quantifier[0] === '*') [min, max] = [0, 12];
      else if (quantifier[0] === '?') [min, max] = [0, 1];
      else {
        min = Number(quantifier[2]);
        max = quantifier[3] === undefined ? min : quantifier[4] ? Number(quantifier[4]) : min + 12;
      }
    }
    const count = length === 'min' ? min : length === 'max' ? max : random.int(min, Math.min(max, min + 12));
    for (let n = 0; n < count; n++) out += random.pick(chars);
  }
  return out;
}

function expandClass(body: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const from = body[i] as string;
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const to = body[i + 2] as string;
      for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) chars.push(String.fromCharCode(c));
      i += 2;
    } else chars.push(from);
  }
  return chars;
}
