export * from './event-plumbing.ts';
export * from './main.ts';
