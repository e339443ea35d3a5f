import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { expect, it } from 'vitest';
import { producerStateLost } from './publisher.ts';

const protocolError = (type: string) => Object.assign(new KafkaJSProtocolError('from the broker'), { type });

it('knows the answers that mean the broker lost the producer, also when the retrier wraps them', () => {
  expect(producerStateLost(protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER'))).toBe(true);
  expect(producerStateLost(protocolError('UNKNOWN_PRODUCER_ID'))).toBe(true);
  expect(
    producerStateLost(new KafkaJSNumberOfRetriesExceeded(protocolError('INVALID_PRODUCER_EPOCH'), { retryCount: 5, retryTime: 1000 })),
  ).toBe(true);
  expect(producerStateLost(protocolError('LEADER_NOT_AVAILABLE'))).toBe(false);
  expect(producerStateLost(new Error('connect ECONNREFUSED'))).toBe(false);
});
