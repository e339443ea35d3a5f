import { z } from 'zod';

/** One finding of the validator: the rule (e.g. `BR-DE-15`), how bad, what it says, and where. */
export interface ValidationMessage {
  rule: string;
  severity: 'error' | 'warning' | 'notice';
  text: string;
  location: string | null;
}

export interface ValidationReport {
  /** No errors against XRechnung 3.0 and EN 16931 (warnings and notices allowed). */
  valid: boolean;
  /** Which validator and rule sets, e.g. `Mustang validator 2.22.0 (XRechnung 3.0, EN 16931)`. */
  validator: string;
  messages: ValidationMessage[];
}

/** A running validator process, asked over HTTP (infra/validator); one per machine, shared by its callers. */
export interface XRechnungValidator {
  validate(xml: string): Promise<ValidationReport>;
}

/**
 * The validator could not say whether a document is valid: not reachable, too slow, or it answered something
 * that is not a report. The document is neither valid nor invalid: hold it and try again later.
 */
export class ValidatorUnavailable extends Error {
  readonly code = 'validator-unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ValidatorUnavailable';
  }
}

const Report = z.object({
  valid: z.boolean(),
  validator: z.string().min(1),
  messages: z.array(
    z.object({
      rule: z.string(),
      severity: z.enum(['error', 'warning', 'notice']),
      text: z.string(),
      location: z.string().nullable(),
    }),
  ),
});

/**
 * The client of infra/validator's server (`VALIDATOR_URL`, e.g. `http://127.0.0.1:8081`). It never reports a
 * document valid that it did not see validated: every failure to get a report throws ValidatorUnavailable.
 */
export function xrechnungValidator(url: string, { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): XRechnungValidator {
  const endpoint = new URL('/validate', url);
  return {
    async validate(xml) {
      let response: Response;
      let body: string;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/xml; charset=utf-8' },
          body: xml,
          signal: AbortSignal.timeout(timeoutMs),
        });
        body = await response.text();
      } catch (error) {
        throw new ValidatorUnavailable(`XRechnung validator at ${url} did not answer: ${(error as Error).message}`, { cause: error });
      }
      if (response.status !== 200) {
        throw new ValidatorUnavailable(`XRechnung validator at ${url} answered ${response.status}: ${body.slice(0, 500)}`);
      }
      let report: ValidationReport;
      try {
        report = Report.parse(JSON.parse(body));
      } catch (error) {
        throw new ValidatorUnavailable(`XRechnung validator at ${url} answered something that is not a report`, { cause: error });
      }
      // Belt and braces: an error message always makes the document invalid, whatever the flag says.
      const valid = report.valid && !report.messages.some((m) => m.severity === 'error');
      return { ...report, valid };
    },
  };
}
