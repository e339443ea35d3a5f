export * from './config.ts';
export * from './dead-letter-cli.ts';
export * from './event-plumbing.ts';
export * from './main.ts';
export * from './metrics.ts';
export * from './retention.ts';
export * from './service.ts';
