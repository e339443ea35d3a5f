import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// The invoicing service's rule, to prove the browser's check says what the server will say.
import { isValidLeitwegId } from '../../../../invoicing/src/domain/leitweg-id.ts';
import { checkDigits, leitwegIdProblem, MESSAGES } from './leitweg-id.js';

const demo = JSON.parse(readFileSync(new URL('../../../../../infra/seed/municipalities.json', import.meta.url), 'utf8')) as {
  municipalities: { leitwegId: string }[];
};
const demoIds = demo.municipalities.map((m) => m.leitwegId);

describe('the Leitweg-ID check of the Kunden screen', () => {
  it.each(demoIds)('accepts the demo municipality %s', (id) => {
    expect(leitwegIdProblem(id)).toBeNull();
  });

  it('accepts a fine part with letters (A=10 … Z=35), in any case, as invoicing does', () => {
    const id = `04011000-1234512345-${checkDigits('040110001234512345')}`;
    expect(leitwegIdProblem(id)).toBeNull();
    const lettered = `991-AB12C-${checkDigits('991AB12C')}`;
    expect(leitwegIdProblem(lettered)).toBeNull();
    expect(leitwegIdProblem(lettered.toLowerCase())).toBeNull();
    expect(isValidLeitwegId(lettered.toLowerCase())).toBe(true);
  });

  it('names wrong check digits, a wrong shape and wrong characters apart', () => {
    expect(leitwegIdProblem('03403000-58')).toBe(MESSAGES.checkDigits);
    expect(leitwegIdProblem('03403000')).toBe(MESSAGES.shape);
    expect(leitwegIdProblem('3-57')).toBe(MESSAGES.shape);
    expect(leitwegIdProblem('03403000_57')).toBe(MESSAGES.characters);
  });

  it('agrees with the invoicing service on every one-character change of the demo IDs', () => {
    const alphabet = '0123456789AZ-x';
    const variants = demoIds.flatMap((id) =>
      [...id].flatMap((_, i) => [...alphabet].map((ch) => `${id.slice(0, i)}${ch}${id.slice(i + 1)}`)),
    );
    for (const id of variants) expect(leitwegIdProblem(id) === null, id).toBe(isValidLeitwegId(id));
  });
});
