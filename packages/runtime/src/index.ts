export * from './config.ts';
export * from './event-plumbing.ts';
export * from './main.ts';
export * from './service.ts';
