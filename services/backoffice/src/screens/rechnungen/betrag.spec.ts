import { describe, expect, it } from 'vitest';
import { centsAsInput, parseEuroCents } from './betrag.ts';

describe('an amount typed in German', () => {
  it.each([
    ['1.234,50', 123_450],
    ['1234,50', 123_450],
    ['1234,5', 123_450],
    ['340', 34_000],
    ['340,00 €', 34_000],
    [' 12.345.678,09 ', 1_234_567_809],
    ['0,01', 1],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseEuroCents(text)).toBe(cents);
  });

  it.each(['', '0', '0,00', '1,234.50', '12,345', '1.23,00', '12.34', '-5', 'zwölf', '1e3'])('refuses %j', (text) => {
    expect(parseEuroCents(text)).toBeNull();
  });

  it('writes cents back as a German amount', () => {
    expect(centsAsInput(123_450)).toBe('1.234,50');
    expect(parseEuroCents(centsAsInput(98_765_432))).toBe(98_765_432);
  });
});
