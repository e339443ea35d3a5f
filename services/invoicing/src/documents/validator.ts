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
