import { AsyncLocalStorage } from 'node:async_hooks';
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Ids that follow one request from HTTP through Kafka headers to the e-mail it causes. */
export interface TraceContext {
  requestId?: string;
  correlationId?: string;
  causationId?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

export function withTrace<T>(context: TraceContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, fn);
}

export function currentTrace(): TraceContext {
  return storage.getStore() ?? {};
}

/**
 * Personal data never reaches the logs: these keys are censored at the top of a log line's object and one level down
 * (pino's paths have no deeper wildcard; log calls name what they log, never a whole event or request body).
 */
export const PERSONAL_FIELDS = [
  'email',
  'recipient',
  'firstName',
  'lastName',
  'toName',
  'participant',
  'invoiceEmail',
  'contactEmail',
] as const;
const SECRETS = ['authorization', 'apiKey'] as const;
const redactedPaths = [...PERSONAL_FIELDS, ...SECRETS].flatMap((key) => [key, `*.${key}`]).concat('headers.authorization');

/** A service's logger: JSON lines on stdout (or `destination`), with its trace ids and personal data censored. */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service },
    mixin: () => ({ ...currentTrace() }),
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
