export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** 1 s, 2 s, 4 s, ... up to 5 min: a short SMTP outage costs seconds, a long one costs little. */
export const defaultBackoff: Backoff = { initialMs: 1_000, maxMs: 300_000 };

/** Wait before the next attempt, after `failedAttempts` (≥ 1) failed ones. */
export function retryDelay(failedAttempts: number, backoff: Backoff = defaultBackoff): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(backoff.initialMs * 2 ** exponent, backoff.maxMs);
}

export interface SendFailure {
  /** True when trying again cannot help: the server refused this message or its recipient for good. */
  permanent: boolean;
  /** Short, free of addresses: it is stored in the delivery log and shown to the back office. */
  summary: string;
}

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
}

// Only a 5xx reply to this message's envelope or content is final (RFC 5321 §4.2.1). A 5xx to the
// connection or login (e.g. wrong credentials) is an operator's problem and is retried until fixed.
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE']);

export function describeFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as SmtpError;
  const code = e.code ?? 'ERROR';
  const rejected = e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600;
  const invalidAddress = code === 'EENVELOPE' && e.command === 'API';
  const permanent = MESSAGE_ERRORS.has(code) && (rejected || invalidAddress);
  const reply = e.responseCode === undefined ? code : `${code} ${e.responseCode}`;
  const message = String(e.message ?? error).replace(/[^\s<>"',;:()[\]]+@[^\s<>"',;:()[\]]+/g, '[address]');
  return { permanent, summary: `${reply}: ${message}`.replace(/\s+/g, ' ').slice(0, 300) };
}
