/**
 * Gateway rate limits far above anything the fuzzer sends (RATE_LIMIT_* for every policy): it tests answers, not
 * limits, and a 429 would hide what lies behind it.
 */
export const NO_RATE_LIMITS: Readonly<Record<string, string>> = Object.fromEntries(
  ['PARTNER', 'BACKOFFICE', 'ANONYMOUS'].flatMap((who) => [
    [`RATE_LIMIT_${who}_PER_SECOND`, '1000000'],
    [`RATE_LIMIT_${who}_BURST`, '1000000'],
  ]),
);
