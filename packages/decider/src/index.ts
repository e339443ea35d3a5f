export * from './decider.ts';
export * from './rejection.ts';
