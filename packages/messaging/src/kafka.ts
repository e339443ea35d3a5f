import type { Logger } from '@seminarwerk/logging';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';
import { fixIdleRequestQueues } from './kafkajs-idle-fix.ts';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** The one place a kafkajs client is made; its log lines go to pino. */
export function createKafka({ brokers, clientId, logger }: KafkaOptions): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  if (!fixIdleRequestQueues()) kafkaLogger.warn('KafkaJS changed: its idle request queues are not patched (kafkajs-idle-fix.ts)');
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, timestamp: _t, logger: _l, ...extra } = log;
        // KafkaJS logs broker-down reconnect attempts at ERROR; they are expected while it recovers.
        kafkaLogger[levels[level] ?? 'info'](extra, message);
      },
  });
}

export type { Kafka } from 'kafkajs';
