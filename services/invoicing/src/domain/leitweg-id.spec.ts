import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidLeitwegId } from './leitweg-id.ts';

const demo = JSON.parse(readFileSync(new URL('../../../../infra/seed/municipalities.json', import.meta.url), 'utf8')) as {
  municipalities: { leitwegId: string }[];
};

describe('Leitweg-ID', () => {
  it.each(demo.municipalities.map((m) => m.leitwegId))('accepts the demo municipality %s', (id) => {
    expect(isValidLeitwegId(id)).toBe(true);
  });

  it.each(demo.municipalities.map((m) => m.leitwegId))('rejects %s with one digit changed', (id) => {
    const i = id.search(/\d/);
    const changed = `${id.slice(0, i)}${(Number(id[i]) + 1) % 10}${id.slice(i + 1)}`;
    expect(isValidLeitwegId(changed)).toBe(false);
  });

  it('rejects a value of the wrong shape', () => {
    expect(isValidLeitwegId('not-a-leitweg-id')).toBe(false);
  });
});
