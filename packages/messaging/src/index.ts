export * from './consumer.ts';
export * from './kafka.ts';
export * from './publisher.ts';
export * from './topics.ts';
export * from './wire.ts';
