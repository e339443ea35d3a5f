export * from './consumer.ts';
export * from './dead-letters.ts';
export * from './kafka.ts';
export * from './offsets.ts';
export * from './publisher.ts';
export * from './topics.ts';
export * from './wire.ts';
