import { describe, expect, it } from 'vitest';
import { Day, Email, Instant, isStorableText, MunicipalityId } from './shared.ts';

// Only this module is loaded here, as in a service that imports the event contracts before the API's.

describe('the shared request fields', () => {
  it('can be described for the OpenAPI document whichever module is loaded first', () => {
    for (const field of [Day, Email, Instant, MunicipalityId]) expect(typeof field.openapi).toBe('function');
  });

  it('tell text PostgreSQL can store from NUL and unpaired surrogates', () => {
    expect(['Anna', 'Jürgen', 'Zoë 🙂', ''].map(isStorableText)).toEqual([true, true, true, true]);
    expect(['N\u0000', '\uD800', 'a\uDC00b', '\uDE00\uD83D', '🙂'.slice(0, 1)].map(isStorableText)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
