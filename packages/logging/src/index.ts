import { AsyncLocalStorage } from 'node:async_hooks';
import { type Logger, pino } from 'pino';

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

/** Personal data never reaches the logs: these keys are censored wherever they appear. */
const redactedPaths = [
  'email',
  '*.email',
  'participant',
  '*.participant',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'apiKey',
  '*.apiKey',
];

export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    mixin: () => ({ ...currentTrace() }),
    redact: { paths: redactedPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
